import { ingestSchema, loadConfig } from '@booking/shared/config';
import { isAppError } from '@booking/shared/errors';
import { describe, expect, it } from 'vitest';
import { retellAnalyzed } from '../../test/fixtures/webhooks.ts';
import { parseRetellWebhook } from './parse-retell-webhook.ts';

const context = {
  eventId: 'f'.repeat(64),
  timestamp: 1_741_598_050_000,
  receivedAt: 1_741_598_050_100,
  uidPaths: loadConfig(ingestSchema, {}).RETELL_BOOKING_UID_PATHS,
};
const raw = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseRetellWebhook', () => {
  it('when call_analyzed carries a booking uid, then the record links the call to the booking', () => {
    const parsed = parseRetellWebhook(raw(retellAnalyzed), context);

    expect(parsed).toEqual({
      kind: 'record',
      trigger: 'call_analyzed',
      record: {
        eventId: context.eventId,
        version: context.timestamp,
        receivedAt: context.receivedAt,
        bookingUid: 'n7Kq2VxW9bFjR4tLmP8sYc',
        callId: 'call_5f1c2a9e8b7d4c3f9a0e1b2c3d4e5f60',
        agentId: 'agent_8d3f0c2b1a9e7f6d5c4b3a29',
        callerPhone: '+4915112345678',
        customerName: 'Maria Lopez',
        customerEmail: 'maria.lopez@example.com',
        startTime: Date.UTC(2025, 2, 14, 15, 0),
        eventTypeId: 812,
        callSummary: 'Caller Maria Lopez booked an initial consultation for Friday 14 March at 16:00 Berlin time.',
      },
    });
  });

  it('when the uid is only in call.metadata, then it is found there', () => {
    const call = { call_id: 'c1', direction: 'outbound', to_number: '+491', metadata: { booking_uid: 'uid-from-metadata' } };

    const parsed = parseRetellWebhook(raw({ event: 'call_analyzed', call }), context);

    expect(parsed.kind === 'record' && parsed.record).toMatchObject({
      bookingUid: 'uid-from-metadata',
      callerPhone: '+491',
      customerName: null,
    });
  });

  it('when the uid paths are configured, then only those paths are searched', () => {
    const parsed = parseRetellWebhook(raw(retellAnalyzed), { ...context, uidPaths: ['call.metadata.booking_uid'] });

    expect(parsed).toEqual({ kind: 'ignored', trigger: 'call_analyzed', reason: 'the call carries no booking uid' });
  });

  it('when the event is call_ended, then it is ignored', () => {
    expect(parseRetellWebhook(raw({ ...retellAnalyzed, event: 'call_ended' }), context).kind).toBe('ignored');
  });

  it('when the envelope uses the older event_type property, then it is read', () => {
    const { event: _, ...rest } = retellAnalyzed;

    expect(parseRetellWebhook(raw({ ...rest, event_type: 'call_analyzed' }), context).kind).toBe('record');
  });

  it('when call_id is missing on a call with a booking, then it is invalid and names call.call_id', () => {
    const { call_id: _, ...call } = retellAnalyzed.call;

    let fields: string[] = [];
    try {
      parseRetellWebhook(raw({ event: 'call_analyzed', call }), context);
    } catch (error) {
      if (isAppError(error)) fields = error.details.map((d) => d.field ?? '');
    }

    expect(fields).toEqual(['call.call_id']);
  });
});
