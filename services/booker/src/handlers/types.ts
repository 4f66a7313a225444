import type { AppointmentChangeV1, BookingStateV1, VoiceBookingV1 } from '@booking/shared/events';

/** Where a record came from in Kafka; written to the processed-event ledger. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

export type SourceRecord =
  | { kind: 'calcom'; value: BookingStateV1; position: RecordPosition }
  | { kind: 'retell'; value: VoiceBookingV1; position: RecordPosition };

export interface CustomerInput {
  /** lower-cased email, else the phone */
  key: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  /** Cal.com states overwrite what they carry; Retell only fills empty fields. */
  mode: 'overwrite' | 'fill';
}

/**
 * An appointment row as the merge rules see it (times in UTC epoch ms): exactly the row part of
 * the change record the booker publishes, so the two cannot drift apart.
 */
export type AppointmentState = Omit<
  AppointmentChangeV1,
  'appointmentId' | 'receivedAt' | 'committedAt' | 'previousStartAt' | 'previousEventTypeId' | 'previousCustomerId'
>;

/** A row the batch will write; `customer` set = upsert that customer and link it. */
export interface PlannedRow {
  state: AppointmentState;
  customer: CustomerInput | null;
  /** receivedAt of the latest record that changed it (pipeline latency starts there) */
  receivedAt: number;
}

export type Outcome = 'applied' | 'duplicate' | 'stale';
