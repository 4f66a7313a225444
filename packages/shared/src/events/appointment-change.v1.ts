// bookings.changes — one record per committed change of an appointment row: the row as
// committed plus what invalidation needs about the state it replaced. Produced by the booker
// after the database commit; consumed by the cache invalidator (and any other reader).
import { TOPICS } from '../kafka/topics.ts';
import {
  APPOINTMENT_PREVIOUS_FIELDS,
  APPOINTMENT_STATE_FIELDS,
  type APPOINTMENT_STATUSES,
  entriesOf,
  type FieldSpec,
  type FieldValues,
} from './appointment-fields.ts';
import { type EventDefinition, optional, required, subjectOf } from './types.ts';

export { APPOINTMENT_STATUSES } from './appointment-fields.ts';
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * An appointment row as the merge rules see it (times in UTC epoch ms): the fields of the field
 * table's APPOINTMENT_STATE_FIELDS with their types.
 */
export type AppointmentState = FieldValues<typeof APPOINTMENT_STATE_FIELDS>;

/** The change record: the row as committed, when, and what it replaced (null: no row before). */
export type AppointmentChangeV1 = AppointmentState &
  FieldValues<typeof APPOINTMENT_PREVIOUS_FIELDS> & {
    appointmentId: number;
    /** receivedAt of the webhook that caused the change (pipeline latency starts here) */
    receivedAt: number;
    committedAt: number;
  };

const avroField = ([name, spec]: [string, FieldSpec]) =>
  spec.nullable ? optional(name, spec.avro, spec.doc) : required(name, spec.avro, spec.doc);
const [uidField, ...stateFields] = entriesOf(APPOINTMENT_STATE_FIELDS).map(avroField);

export const appointmentChangeV1 = {
  topic: TOPICS.changes,
  subject: subjectOf(TOPICS.changes),
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
