// Which field of a source record feeds which column (issue #22): one table per record, read by
// the limits both the ingest and the booker check (record-problems.ts: each field is held to its
// column's spec) and by the booker's merge rules, which copy the row's bound fields with
// `boundState` instead of naming them again. A webhook field is not a column (Cal.com calls the
// start `startTime`, the row `startAt`), so this mapping is written once here and is the one
// thing the field table cannot say.
//
// What the tables leave to the merge rules (services/booker/src/handlers/merge-rules.ts), and
// why: `status` (a record may only carry Cal.com's statuses, narrower than the column: checked
// by bookingStateProblems against BOOKING_STATUSES), `source`, `customerId` and
// `rescheduledToUid` (no record field holds them: set by the rule that applies the record); the
// row's `timeZone` (the attendee's, else the organizer's: a choice, not a copy) and the
// customer's fields (normalised by customerKey and its helpers first). Those bindings are listed
// below all the same, so that their values are checked against the columns they end up in.
import {
  APPOINTMENT_STATE_FIELDS as A,
  type AppointmentStateField,
  CUSTOMER_FIELDS as C,
  type FieldSpec,
  PROCESSED_EVENT_FIELDS,
} from './appointment-fields.ts';
import { attendeeSchema, type BookingStateV1, bookingStateV1, organizerSchema } from './booking-state.v1.ts';
import { type VoiceBookingV1, voiceBookingV1 } from './voice-booking.v1.ts';

/** Where a record field's value goes; `spec` is the column it must fit. */
export type Binding =
  /** a column of the record's own appointment row (copied by boundState) */
  | { row: 'own'; field: AppointmentStateField; spec: FieldSpec }
  /** a column of the booking a reschedule replaces (the slot it leaves) */
  | { row: 'replaced'; field: AppointmentStateField; spec: FieldSpec }
  /** a column stored elsewhere (customers, the ledger), or set by a merge rule (see the header) */
  | { row: 'none'; spec: FieldSpec };

const own = <F extends AppointmentStateField>(field: F) => ({ row: 'own', field, spec: A[field] }) as const;
const replaced = <F extends AppointmentStateField>(field: F) => ({ row: 'replaced', field, spec: A[field] }) as const;
const elsewhere = (spec: FieldSpec) => ({ row: 'none', spec }) as const;

/** Cal.com's BookingState, in the order of its Avro schema (the order problems are listed in). */
export const CALCOM_BINDINGS = {
  // also the ledger's event_id (PROCESSED_EVENT_FIELDS.eventId: the same spec)
  eventId: own('lastEventId'),
  version: own('version'),
  bookingUid: own('bookingUid'),
  calcomBookingId: own('calcomBookingId'),
  eventTypeId: own('eventTypeId'),
  teamId: own('teamId'),
  title: own('title'),
  startTime: own('startAt'),
  endTime: own('endAt'),
  location: own('location'),
  // a later state without it keeps the row's link (merge-rules: stateFromCalcom)
  rescheduledFromUid: own('rescheduledFromUid'),
  rescheduleStartTime: replaced('startAt'),
  rescheduleEndTime: replaced('endAt'),
  cancellationReason: own('cancellationReason'),
  // a later state without it keeps the row's call id (merge-rules: stateFromCalcom)
  retellCallId: own('retellCallId'),
} as const satisfies { [F in keyof BookingStateV1]?: Binding };

/** The first attendee: the customer (normalised first) and the row's time zone (preferred). */
export const CALCOM_ATTENDEE_BINDINGS = {
  name: elsewhere(C.name),
  email: elsewhere(C.email),
  phone: elsewhere(C.phone),
  timeZone: elsewhere(A.timeZone),
} as const satisfies { [F in keyof NonNullable<BookingStateV1['attendee']>]?: Binding };

/** The organizer: the row's time zone when the attendee has none. */
export const CALCOM_ORGANIZER_BINDINGS = {
  timeZone: elsewhere(A.timeZone),
} as const satisfies { [F in keyof NonNullable<BookingStateV1['organizer']>]?: Binding };

/** Retell's VoiceBooking, in the order of its Avro schema. It never sets status or version. */
export const VOICE_BINDINGS = {
  eventId: elsewhere(PROCESSED_EVENT_FIELDS.eventId),
  // Retell's clock orders nothing (its row keeps version 0), but the value must still be one
  version: elsewhere(A.version),
  bookingUid: own('bookingUid'),
  callId: own('retellCallId'),
  callerPhone: elsewhere(C.phone),
  customerName: elsewhere(C.name),
  customerEmail: elsewhere(C.email),
  startTime: own('startAt'),
  eventTypeId: own('eventTypeId'),
} as const satisfies { [F in keyof VoiceBookingV1]?: Binding };

type Bindings = Record<string, Binding>;
interface AvroRecord {
  fields: readonly { name: string; type: unknown }[];
}

/**
 * Each bound field with the spec it is checked against: its column's, and required when the
 * record's Avro schema does not allow null (Cal.com's eventId, startTime and endTime: a column
 * that may be empty, a record field that may not).
 */
export function limitsOf<B extends Bindings>(bindings: B, schema: AvroRecord): Record<keyof B, FieldSpec> {
  const optional = new Set(
    schema.fields.filter((f) => Array.isArray(f.type) && (f.type as unknown[]).includes('null')).map((f) => f.name),
  );
  return Object.fromEntries(
    Object.entries(bindings).map(([field, { spec }]) => [field, optional.has(field) ? spec : { ...spec, nullable: false }]),
  ) as Record<keyof B, FieldSpec>;
}

export const CALCOM_LIMITS = limitsOf(CALCOM_BINDINGS, bookingStateV1.schema);
export const CALCOM_ATTENDEE_LIMITS = limitsOf(CALCOM_ATTENDEE_BINDINGS, attendeeSchema);
export const CALCOM_ORGANIZER_LIMITS = limitsOf(CALCOM_ORGANIZER_BINDINGS, organizerSchema);
export const VOICE_LIMITS = limitsOf(VOICE_BINDINGS, voiceBookingV1.schema);

/** The columns of `row` that the bindings fill, each with its record field's value. */
export type BoundState<B extends Bindings, R, Row extends Binding['row']> = {
  -readonly [F in keyof B as B[F] extends { row: Row; field: infer C extends string } ? C : never]: F extends keyof R
    ? R[F]
    : never;
};

/** The row's columns the record's bound fields feed (`row`: its own row or the one it replaces). */
export function boundState<B extends Bindings, R extends object, Row extends 'own' | 'replaced'>(
  bindings: B,
  record: R,
  row: Row,
): BoundState<B, R, Row> {
  const state: Record<string, unknown> = {};
  for (const [field, column] of boundFields(bindings, row)) state[column] = (record as Record<string, unknown>)[field];
  return state as BoundState<B, R, Row>;
}

// [record field, row column] per bindings table and row, listed once instead of once per record
const boundByBindings = new WeakMap<Bindings, Record<string, [string, string][]>>();
function boundFields(bindings: Bindings, row: 'own' | 'replaced'): [string, string][] {
  let byRow = boundByBindings.get(bindings);
  if (!byRow) {
    byRow = {};
    boundByBindings.set(bindings, byRow);
  }
  byRow[row] ??= Object.entries(bindings).flatMap(([field, b]): [string, string][] =>
    b.row === 'none' || b.row !== row ? [] : [[field, b.field]],
  );
  return byRow[row];
}
