// Generators of hostile but well-formed webhook bodies (issue #10): the real example payloads
// with fields replaced by values around the column limits of the field table, control
// characters, lone surrogates, ids that are negative, fractional or beyond 2^53, instants
// outside DATETIME's years, end before start, attendee lists of nulls, unknown statuses and
// reschedules without their old slot. Shared by the pure property test and the run against a
// real ingest and booker.

import { calcomCreated, calcomRescheduled, retellAnalyzed } from '@booking/ingest/testing';
import { APPOINTMENT_STATE_FIELDS as A, CUSTOMER_FIELDS as C, CALCOM_TRIGGERS } from '@booking/shared/events';
import fc from 'fast-check';

const limit = (spec: { sql: { kind: string; length?: number } }) => spec.sql.length ?? 65_535;

/** Strings near `max` characters (one below, at, one above), short odd ones, and non-strings. */
export const hostileText = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ maxLength: 8, unit: 'binary' }),
    fc.constantFrom('', ' ', '\u0000', 'a\u0007b', 'line\nbreak', '\ud800', '😀', 'é'),
    fc.integer({ min: -1, max: 1 }).map((d) => 'x'.repeat(max + d)),
    fc.integer({ min: -1, max: 1 }).map((d) => '😀'.repeat(Math.ceil((max + d) / 2))),
    fc.constantFrom(null, undefined, 42, true, {}, []),
  );

export const hostileId = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.constantFrom(0, -1, -812, 1.5, 2 ** 53, 2 ** 63, Number.MAX_SAFE_INTEGER, null, undefined, '812', Number.NaN),
);

const year = fc.oneof(fc.integer({ min: 1970, max: 2100 }), fc.constantFrom(1, 999, 1000, 1969, 9999, 10000));
const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');
export const hostileTime = fc.oneof(
  fc
    .record({
      year,
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      zone: fc.constantFrom('Z', '+00:00', '-05:00', '+14:00', '+0530', ''),
    })
    .map(
      (t) =>
        `${t.year < 10000 ? pad(t.year, 4) : t.year}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(Math.floor(t.minute / 60), 2)}:${pad(t.minute % 60, 2)}:00${t.zone}`,
    ),
  fc.constantFrom('2025-03-14T15:00:00Z', '2025-03-14T15:30:00Z', '2025-03-14T14:00:00Z', 'tomorrow', '', null, 1741964400000),
);

const attendee = fc.record(
  {
    name: hostileText(limit(C.name)),
    email: hostileText(limit(C.email)),
    phoneNumber: hostileText(limit(C.phone)),
    timeZone: hostileText(limit(A.timeZone)),
  },
  { requiredKeys: [] },
);

/** A few fields of `fields` (at most `max`), the rest left as the example has them. */
function someOf<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T, max = 3) {
  return fc
    .tuple(fc.record(fields), fc.subarray(Object.keys(fields), { maxLength: max }))
    .map(([all, keys]) => Object.fromEntries(keys.map((k) => [k, (all as Record<string, unknown>)[k]])));
}

const calcomPayload = someOf({
  uid: hostileText(limit(A.bookingUid)),
  bookingId: hostileId,
  eventTypeId: hostileId,
  title: hostileText(limit(A.title)),
  startTime: hostileTime,
  endTime: hostileTime,
  status: fc.constantFrom('ACCEPTED', 'PENDING', 'CANCELLED', 'REJECTED', 'RESCHEDULED', 'CONFIRMED', 'accepted', null),
  team: fc.oneof(fc.constant(null), fc.record({ id: hostileId })),
  organizer: fc.oneof(fc.constant(null), fc.record({ timeZone: hostileText(limit(A.timeZone)) })),
  attendees: fc.oneof(fc.constant(null), fc.array(fc.oneof(fc.constant(null), attendee), { maxLength: 3 })),
  location: hostileText(limit(A.location)),
  rescheduleUid: hostileText(limit(A.rescheduledFromUid)),
  rescheduleStartTime: hostileTime,
  rescheduleEndTime: hostileTime,
  cancellationReason: fc.oneof(hostileText(40), fc.constant('é'.repeat(33_000))),
  metadata: fc.oneof(fc.constant(null), fc.record({ retellCallId: hostileText(limit(A.retellCallId)) })),
});

/** A Cal.com webhook body: a real example with any subset of its fields made hostile. */
export const hostileCalcomBody = fc
  .record({
    base: fc.constantFrom(calcomCreated, calcomRescheduled),
    triggerEvent: fc.constantFrom(...CALCOM_TRIGGERS, 'PING'),
    createdAt: fc.oneof({ weight: 4, arbitrary: fc.constant(calcomCreated.createdAt) }, { weight: 1, arbitrary: hostileTime }),
    payload: calcomPayload,
  })
  .map(({ base, triggerEvent, createdAt, payload }) => ({
    ...base,
    triggerEvent,
    createdAt,
    payload: { ...base.payload, ...payload },
  }));

/** A Retell call_analyzed body with hostile booking uid, call id and enrichment fields. */
export const hostileRetellBody = someOf({
  call_id: hostileText(limit(A.retellCallId)),
  from_number: hostileText(limit(C.phone)),
  booking_uid: hostileText(limit(A.bookingUid)),
  customer_name: hostileText(limit(C.name)),
  customer_email: hostileText(limit(C.email)),
  appointment_start: fc.oneof(hostileTime, fc.constantFrom(-62_000_000_000_000, 253_402_300_800_000)),
  event_type_id: hostileId,
}).map((f) => {
  const call = retellAnalyzed.call as Record<string, unknown>;
  const analysis = call.call_analysis as Record<string, unknown>;
  const custom = analysis.custom_analysis_data as Record<string, unknown>;
  return {
    ...retellAnalyzed,
    call: {
      ...call,
      ...('call_id' in f ? { call_id: f.call_id } : {}),
      ...('from_number' in f ? { from_number: f.from_number } : {}),
      call_analysis: { ...analysis, custom_analysis_data: { ...custom, ...f } },
    },
  };
});
