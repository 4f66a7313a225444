import type { AppointmentStatus, BookingStateV1, VoiceBookingV1 } from '@booking/shared/events';

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

/** An appointment row as the merge rules see it (times in UTC epoch ms). */
export interface AppointmentState {
  bookingUid: string;
  customerId: number | null;
  source: 'calcom' | 'retell';
  status: AppointmentStatus;
  title: string | null;
  eventTypeId: number | null;
  teamId: number | null;
  startAt: number | null;
  endAt: number | null;
  timeZone: string | null;
  location: string | null;
  rescheduledFromUid: string | null;
  rescheduledToUid: string | null;
  cancellationReason: string | null;
  calcomBookingId: number | null;
  retellCallId: string | null;
  version: number;
  lastEventId: string | null;
}

/** A row the batch will write; `customer` set = upsert that customer and link it. */
export interface PlannedRow {
  state: AppointmentState;
  customer: CustomerInput | null;
  /** receivedAt of the latest record that changed it (pipeline latency starts there) */
  receivedAt: number;
}

export type Outcome = 'applied' | 'duplicate' | 'stale';
