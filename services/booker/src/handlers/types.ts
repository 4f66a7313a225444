import type { AppointmentState, BookingStateV1, VoiceBookingV1 } from '@booking/shared/events';

export type { AppointmentState } from '@booking/shared/events';

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
  /** customerKey(email, phone): compared byte for byte from here on */
  key: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  /** Cal.com states overwrite what they carry; Retell only fills empty fields. */
  mode: 'overwrite' | 'fill';
}

/** A row the batch will write; `customer` set = upsert that customer and link it. */
export interface PlannedRow {
  state: AppointmentState;
  customer: CustomerInput | null;
  /** receivedAt of the latest record that changed it (pipeline latency starts there) */
  receivedAt: number;
}

export type Outcome = 'applied' | 'duplicate' | 'stale';
