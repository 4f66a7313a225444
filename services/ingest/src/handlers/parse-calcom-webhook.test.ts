import { isAppError } from '@booking/shared/errors';
import { describe, expect, it } from 'vitest';
import { calcomCancelled, calcomCreated, calcomRescheduled } from '../../test/fixtures/webhooks.ts';
import { parseCalcomWebhook } from './parse-calcom-webhook.ts';

const context = { eventId: 'e'.repeat(64), receivedAt: 1_741_598_000_000 };
const raw = (value: unknown) => Buffer.from(JSON.stringify(value));

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (isAppError(error) && error.code === 'EVENT_INVALID') return error.details.map((d) => d.field ?? '');
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('parseCalcomWebhook', () => {
  it('when BOOKING_CREATED arrives, then the record holds the complete booking state in UTC epoch ms', () => {
    const body = raw(calcomCreated);

    const parsed = parseCalcomWebhook(body, context);

    expect(parsed).toEqual({
      kind: 'record',
      trigger: 'BOOKING_CREATED',
      record: {
        eventId: context.eventId,
        trigger: 'BOOKING_CREATED',
        version: Date.parse('2025-03-10T09:13:05.412Z'),
        receivedAt: context.receivedAt,
        bookingUid: 'n7Kq2VxW9bFjR4tLmP8sYc',
        status: 'ACCEPTED',
        calcomBookingId: 4711,
        eventTypeId: 812,
        eventTypeSlug: 'initial-consultation',
        teamId: 42,
        title: 'Initial Consultation between Acme Dental and Maria Lopez',
        startTime: Date.UTC(2025, 2, 14, 15, 0),
        endTime: Date.UTC(2025, 2, 14, 15, 30),
        organizer: { email: 'jonas.berg@acme-dental.example', name: 'Dr. Jonas Berg', timeZone: 'Europe/Berlin' },
        attendee: { name: 'Maria Lopez', email: 'maria.lopez@example.com', phone: '+4915112345678', timeZone: 'Europe/Berlin' },
        location: 'integrations:daily',
        rescheduledFromUid: null,
        rescheduleStartTime: null,
        rescheduleEndTime: null,
        cancellationReason: null,
        retellCallId: 'call_5f1c2a9e8b7d4c3f9a0e1b2c3d4e5f60',
        rawPayload: body.toString(),
      },
    });
  });

  it('when BOOKING_RESCHEDULED arrives, then rescheduleUid becomes rescheduledFromUid with the old slot', () => {
    const parsed = parseCalcomWebhook(raw(calcomRescheduled), context);

    expect(parsed.kind === 'record' && parsed.record).toMatchObject({
      bookingUid: 'Hq3mZt8WcK1vBn6YxR2pLd',
      rescheduledFromUid: 'n7Kq2VxW9bFjR4tLmP8sYc',
      rescheduleStartTime: Date.UTC(2025, 2, 14, 15, 0),
      rescheduleEndTime: Date.UTC(2025, 2, 14, 15, 30),
      startTime: Date.UTC(2025, 2, 17, 16, 0),
      retellCallId: null,
    });
  });

  it('when BOOKING_CANCELLED arrives with +00:00 times, then status, reason and times are carried', () => {
    const parsed = parseCalcomWebhook(raw(calcomCancelled), context);

    expect(parsed.kind === 'record' && parsed.record).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'Feeling better, no longer needed',
      startTime: Date.UTC(2025, 2, 17, 16, 0),
      endTime: Date.UTC(2025, 2, 17, 16, 30),
    });
  });

  it('when BOOKING_REJECTED arrives without a status, then the status is REJECTED and the reason is the rejection reason', () => {
    const { status: _, ...payload } = calcomCreated.payload;
    const body = { ...calcomCreated, triggerEvent: 'BOOKING_REJECTED', payload: { ...payload, rejectionReason: 'fully booked' } };

    const parsed = parseCalcomWebhook(raw(body), context);

    expect(parsed.kind === 'record' && parsed.record).toMatchObject({ status: 'REJECTED', cancellationReason: 'fully booked' });
  });

  it('when the team is the "Nameless" fallback with id 0, then the team id is null', () => {
    const body = { ...calcomCreated, payload: { ...calcomCreated.payload, team: { id: 0, name: 'Nameless' } } };

    const parsed = parseCalcomWebhook(raw(body), context);

    expect(parsed.kind === 'record' && parsed.record.teamId).toBeNull();
  });

  it.each(['PING', 'MEETING_STARTED', 'BOOKING_NO_SHOW_UPDATED', 'FORM_SUBMITTED'])(
    'when the trigger is %s, then it is ignored',
    (trigger) => {
      const parsed = parseCalcomWebhook(raw({ triggerEvent: trigger, createdAt: 'x', payload: {} }), context);

      expect(parsed).toEqual({ kind: 'ignored', trigger, reason: `trigger ${trigger} is not handled` });
    },
  );

  it('when the body is not JSON, then it is invalid and names the body', () => {
    expect(fieldsOf(() => parseCalcomWebhook(Buffer.from('{"triggerEvent":'), context))).toEqual(['body']);
  });

  it('when triggerEvent is missing, then it is invalid and names triggerEvent', () => {
    expect(fieldsOf(() => parseCalcomWebhook(raw({ payload: {} }), context))).toEqual(['triggerEvent']);
  });

  it('when the uid is missing and startTime has no time zone, then both fields are named', () => {
    const { uid: _, ...payload } = calcomCreated.payload;
    const body = { ...calcomCreated, payload: { ...payload, startTime: '2025-03-14T15:00:00' } };

    expect(fieldsOf(() => parseCalcomWebhook(raw(body), context)).sort()).toEqual(['payload.startTime', 'payload.uid']);
  });

  it('when createdAt is not a date, then it is invalid and names createdAt', () => {
    expect(fieldsOf(() => parseCalcomWebhook(raw({ ...calcomCreated, createdAt: 'yesterday' }), context))).toEqual(['createdAt']);
  });
});
