// The door refuses what the booker would refuse (issue #10): each case names the webhook field.
// The limits come from the field table; nothing here restates a column length except as input.
import { isAppError } from '@booking/shared/errors';
import { APPOINTMENT_STATE_FIELDS, CUSTOMER_FIELDS } from '@booking/shared/events';
import { describe, expect, it } from 'vitest';
import { calcomCreated, calcomRescheduled } from '../../test/fixtures/webhooks.ts';
import { parseCalcomWebhook } from './parse-calcom-webhook.ts';

const context = { eventId: 'e'.repeat(64), receivedAt: 1_741_598_000_000 };
const raw = (value: unknown) => Buffer.from(JSON.stringify(value));
const length = (spec: { sql: { kind: string; length?: number } }) => spec.sql.length as number;
const withPayload = (payload: Record<string, unknown>, base = calcomCreated) => ({
  ...base,
  payload: { ...base.payload, ...payload },
});
const attendee = calcomCreated.payload.attendees[0] as Record<string, unknown>;

function refusal(body: unknown): { field: string; message: string }[] {
  try {
    parseCalcomWebhook(raw(body), context);
  } catch (error) {
    if (isAppError(error) && error.code === 'EVENT_INVALID')
      return error.details.map((d) => ({ field: d.field ?? '', message: d.message }));
    throw error;
  }
  throw new Error('expected the webhook to be refused');
}
const fields = (body: unknown) => refusal(body).map((d) => d.field);
const parsedRecord = (body: unknown) => {
  const parsed = parseCalcomWebhook(raw(body), context);
  if (parsed.kind !== 'record') throw new Error('expected a record');
  return parsed.record;
};

describe('parseCalcomWebhook, what the booker would refuse', () => {
  it.each([
    ['title', { title: 'x'.repeat(length(APPOINTMENT_STATE_FIELDS.title) + 1) }, 'payload.title'],
    ['uid', { uid: 'u'.repeat(length(APPOINTMENT_STATE_FIELDS.bookingUid) + 1) }, 'payload.uid'],
    ['uid', { uid: 'uid\u0000with-nul' }, 'payload.uid'],
    ['uid', { uid: 'uid\nnewline' }, 'payload.uid'],
    ['uid', { uid: '   ' }, 'payload.uid'],
    ['location', { location: 'l'.repeat(length(APPOINTMENT_STATE_FIELDS.location) + 1) }, 'payload.location'],
    ['eventTypeId', { eventTypeId: -3 }, 'payload.eventTypeId'],
    ['eventTypeId', { eventTypeId: 1.5 }, 'payload.eventTypeId'],
    ['eventTypeId', { eventTypeId: 0 }, 'payload.eventTypeId'],
    ['bookingId', { bookingId: 2 ** 60 }, 'payload.bookingId'],
    ['team', { team: { id: -1 } }, 'payload.team.id'],
    ['attendees', { attendees: [null] }, 'payload.attendees.0'],
    ['status', { status: 'CONFIRMED' }, 'payload.status'],
    ['endTime', { endTime: '2025-03-14T14:59:00Z' }, 'payload.endTime'],
    ['endTime', { endTime: calcomCreated.payload.startTime }, 'payload.endTime'],
    ['startTime', { startTime: '0999-12-31T23:00:00Z', endTime: '0999-12-31T23:30:00Z' }, 'payload.startTime'],
    [
      'email',
      { attendees: [{ ...attendee, email: `${'m'.repeat(length(CUSTOMER_FIELDS.email))}@x.example` }] },
      'payload.attendees.0.email',
    ],
    ['attendee time zone', { attendees: [{ ...attendee, timeZone: 'z'.repeat(65) }] }, 'payload.attendees.0.timeZone'],
    ['cancellationReason', { cancellationReason: 'é'.repeat(40_000) }, 'payload.cancellationReason'],
  ])('when the %s is one the database or the booker refuses, then the 400 names %o', (_name, payload, field) => {
    expect(fields(withPayload(payload))).toContain(field);
  });

  it('when the end is before the start, then the message says it must be after the start', () => {
    expect(refusal(withPayload({ endTime: '2025-03-14T14:00:00Z' }))).toEqual([
      { field: 'payload.endTime', message: 'must be after startTime' },
    ]);
  });

  it('when createdAt is before 1970, then the version is refused and createdAt is named', () => {
    expect(fields({ ...calcomCreated, createdAt: '1969-12-31T23:59:59Z' })).toEqual(['createdAt']);
  });

  it('when a reschedule lacks the old slot or names itself, then those fields are named', () => {
    const { rescheduleStartTime: _s, ...payload } = calcomRescheduled.payload;
    const body = { ...calcomRescheduled, payload: { ...payload, rescheduleUid: payload.uid } };

    expect(fields(body).sort()).toEqual(['payload.rescheduleStartTime', 'payload.rescheduleUid']);
  });

  it('when the title is exactly at the column length, then it is accepted', () => {
    const title = 't'.repeat(length(APPOINTMENT_STATE_FIELDS.title));

    expect(parsedRecord(withPayload({ title })).title).toBe(title);
  });
});

describe('parseCalcomWebhook, tolerated oddities (stored, never dead-lettered)', () => {
  it('when the attendee list is missing or empty, then the booking is stored without a customer', () => {
    expect(parsedRecord(withPayload({ attendees: undefined })).attendee).toBeNull();
    expect(parsedRecord(withPayload({ attendees: [] })).attendee).toBeNull();
  });

  it('when the team is the "Nameless" placeholder {id: 0}, then the booking has no team', () => {
    expect(parsedRecord(withPayload({ team: { id: 0, name: 'Nameless' } })).teamId).toBeNull();
  });

  it('when the Retell call id in the metadata is longer than its column, then it is dropped, not refused', () => {
    const record = parsedRecord(withPayload({ metadata: { retellCallId: 'c'.repeat(129) } }));

    expect(record.retellCallId).toBeNull();
  });

  it('when the status is missing, then the trigger decides it', () => {
    expect(parsedRecord(withPayload({ status: undefined })).status).toBe('ACCEPTED');
  });
});
