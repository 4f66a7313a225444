// bookings.changes — one record per committed change of an appointment row: the row as
// committed plus what invalidation needs about the state it replaced. Produced by the booker
// after the database commit; consumed by the cache invalidator (and any other reader).
import { TOPICS } from '../kafka/topics.ts';
import {
  APPOINTMENT_PREVIOUS_FIELDS,
  APPOINTMENT_STATE_FIELDS,
  type AppointmentPreviousField,
  type AppointmentStateField,
  entriesOf,
  type FieldSpec,
} from './appointment-fields.ts';
import { type EventDefinition, optional, required } from './types.ts';

export const APPOINTMENT_STATUSES = ['ACCEPTED', 'PENDING', 'CANCELLED', 'REJECTED', 'RESCHEDULED'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface AppointmentChangeV1 {
  bookingUid: string;
  appointmentId: number;
  customerId: number | null;
  source: 'calcom' | 'retell';
  status: AppointmentStatus;
  title: string | null;
  eventTypeId: number | null;
  teamId: number | null;
  /** UTC epoch ms */
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
  /** receivedAt of the webhook that caused the change (pipeline latency starts here) */
  receivedAt: number;
  committedAt: number;
  /** null when the row did not exist before this change */
  previousStartAt: number | null;
  previousEventTypeId: number | null;
  previousCustomerId: number | null;
}

/**
 * An appointment row as the merge rules see it (times in UTC epoch ms): exactly the row part of
 * the change record, with the fields of the field table's APPOINTMENT_STATE_FIELDS.
 */
export type AppointmentState = Omit<
  AppointmentChangeV1,
  'appointmentId' | 'receivedAt' | 'committedAt' | AppointmentPreviousField
>;

// Fails to compile when the record and the field table name different fields.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : never;
const _stateMatchesTable: SameKeys<AppointmentState, AppointmentStateField> = true;
const _previousMatchesTable: SameKeys<Pick<AppointmentChangeV1, AppointmentPreviousField>, AppointmentPreviousField> = true;
void _stateMatchesTable;
void _previousMatchesTable;

const avroField = ([name, spec]: [string, FieldSpec]) =>
  spec.nullable ? optional(name, spec.avro, spec.doc) : required(name, spec.avro, spec.doc);
const [uidField, ...stateFields] = entriesOf(APPOINTMENT_STATE_FIELDS).map(avroField);

export const appointmentChangeV1 = {
  topic: TOPICS.changes,
  subject: `${TOPICS.changes}-value`,
  schema: {
    type: 'record',
    name: 'AppointmentChange',
    namespace: 'booking.pipeline.changes',
    fields: [
      uidField,
      required('appointmentId', 'long'),
      ...stateFields,
      required('receivedAt', 'long', 'epoch ms'),
      required('committedAt', 'long', 'epoch ms'),
      ...entriesOf(APPOINTMENT_PREVIOUS_FIELDS).map(avroField),
    ],
  },
} as const satisfies EventDefinition;
