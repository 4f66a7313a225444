// What makes a source record unusable, derived from the field table: a value the database
// column would refuse, plus the semantic rules a user expects (end after start, ids positive,
// UIDs printable). The ingest refuses such a webhook with a 400 naming the field, and the
// booker dead-letters such a record, with this same function: the door and the decoder cannot
// drift apart (DESIGN.md "Field table"). Which record field is held to which column's limits is
// record-bindings.ts, the same table the booker's merge rules copy the row from.
import type { ErrorDetail } from '../errors/index.ts';
import { APPOINTMENT_STATE_FIELDS as A, type AppointmentStateField, entriesOf, type FieldSpec } from './appointment-fields.ts';
import { BOOKING_STATUSES, type BookingStateV1, CALCOM_TRIGGERS } from './booking-state.v1.ts';
import { CALCOM_ATTENDEE_LIMITS, CALCOM_LIMITS, CALCOM_ORGANIZER_LIMITS, VOICE_LIMITS } from './record-bindings.ts';
import type { VoiceBookingV1 } from './voice-booking.v1.ts';

/** DATETIME's range: an instant outside it makes the whole transaction fail. */
export const DATETIME_RANGE = { min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) } as const;
const TEXT_BYTES = 65_535;
const INT_UNSIGNED_MAX = 4_294_967_295;
// avsc writes an Avro long from a JS number only strictly inside ±(2^53 - 1)
const AVRO_LONG_MAX = Number.MAX_SAFE_INTEGER - 1;
// C0/C1 controls and lone surrogates (which become U+FFFD on the way to UTF-8)
const UNPRINTABLE = /[\p{Cc}\p{Cs}]/u;

const countChars = (value: string) => {
  let n = 0;
  for (const _ of value) n++;
  return n;
};

/** Why `value` cannot be stored in a column of `spec`, or undefined when it can. */
export function valueProblem(spec: FieldSpec, value: unknown): string | undefined {
  if (value === null || value === undefined) return spec.nullable ? undefined : 'is required';
  const sql = spec.sql;
  if (sql.kind === 'varchar' || sql.kind === 'text') {
    if (typeof value !== 'string') return 'must be a string';
    // a string has at most as many characters as UTF-16 units and at most 3 UTF-8 bytes per unit,
    // so the exact counts run only for strings near the limit (this runs per field per record)
    if (sql.kind === 'varchar' && value.length > sql.length && countChars(value) > sql.length)
      return `is longer than ${sql.length} characters`;
    if (sql.kind === 'text' && value.length * 3 > TEXT_BYTES && Buffer.byteLength(value, 'utf8') > TEXT_BYTES)
      return `is longer than ${TEXT_BYTES} bytes`;
    // a blank UID (" ") names no booking any more than an empty one does
    if (spec.uid && value.trim().length === 0) return 'must not be empty or blank';
    if (spec.uid && UNPRINTABLE.test(value)) return 'must not contain control characters';
    if (spec.values && !spec.values.includes(value)) return `must be one of ${spec.values.join(', ')}`;
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'must be an integer';
  if (Math.abs(value) > AVRO_LONG_MAX) return 'is out of range';
  if (spec.id && value <= 0) return 'must be a positive integer';
  if (sql.kind === 'int unsigned' && (value < 0 || value > INT_UNSIGNED_MAX)) return 'is out of range';
  if (sql.kind === 'datetime' && (value < DATETIME_RANGE.min || value > DATETIME_RANGE.max))
    return 'must be between the years 1000 and 9999';
  return undefined;
}

type Limits = Record<string, FieldSpec>;

// each limits table's entries, listed once instead of once per record
const entriesByLimits = new WeakMap<Limits, [string, FieldSpec][]>();
const limitEntries = (limits: Limits) => {
  let entries = entriesByLimits.get(limits);
  if (!entries) {
    entries = Object.entries(limits);
    entriesByLimits.set(limits, entries);
  }
  return entries;
};

function check(value: object, limits: Limits, prefix = ''): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [field, spec] of limitEntries(limits)) {
    const message = valueProblem(spec, (value as Record<string, unknown>)[field]);
    if (message) problems.push({ field: `${prefix}${field}`, message });
  }
  return problems;
}

const oneOf = (allowed: readonly string[], value: unknown) =>
  allowed.includes(value as string) ? undefined : `must be one of ${allowed.join(', ')}`;

/** Every reason the booker would refuse this Cal.com record (empty = it will be applied). */
export function bookingStateProblems(v: BookingStateV1): ErrorDetail[] {
  const problems = check(v, CALCOM_LIMITS);
  const add = (field: string, message: string | undefined) => message && problems.push({ field, message });
  add('trigger', oneOf(CALCOM_TRIGGERS, v.trigger));
  add('status', oneOf(BOOKING_STATUSES, v.status));
  if (v.version <= 0) add('version', 'must be after 1970-01-01 (Cal.com createdAt)');
  if (v.endTime <= v.startTime) add('endTime', 'must be after startTime');
  if (v.rescheduledFromUid) {
    if (v.rescheduledFromUid === v.bookingUid) add('rescheduledFromUid', 'must differ from bookingUid');
    if (v.rescheduleStartTime === null) add('rescheduleStartTime', 'is required when rescheduling');
    if (v.rescheduleEndTime === null) add('rescheduleEndTime', 'is required when rescheduling');
    if (v.rescheduleStartTime !== null && v.rescheduleEndTime !== null && v.rescheduleEndTime <= v.rescheduleStartTime)
      add('rescheduleEndTime', 'must be after rescheduleStartTime');
  }
  if (v.attendee) problems.push(...check(v.attendee, CALCOM_ATTENDEE_LIMITS, 'attendee.'));
  if (v.organizer) problems.push(...check(v.organizer, CALCOM_ORGANIZER_LIMITS, 'organizer.'));
  return problems;
}

/** Every reason the booker would refuse this Retell record (empty = it will be applied). */
export function voiceBookingProblems(v: VoiceBookingV1): ErrorDetail[] {
  return check(v, VOICE_LIMITS);
}

/** Every column of `state` the appointments table would refuse (empty = the row fits). */
export function appointmentStateProblems(state: Record<AppointmentStateField, unknown>): ErrorDetail[] {
  // enums (status, source) are checked by valueProblem from the table's `values`
  const problems = entriesOf(A).flatMap(([field, spec]) => {
    const message = valueProblem(spec, state[field]);
    return message ? [{ field, message }] : [];
  });
  return problems;
}
