import { describe, expect, it } from 'vitest';
import { retellAnalyzed } from '../../test/fixtures/webhooks.ts';
import { parseRetellWebhook } from './parse-retell-webhook.ts';
import { retellWebhookSchema } from './retell-webhook-schema.ts';

const context = { eventId: 'e', timestamp: 1, receivedAt: 2, uidPaths: ['call.collected_dynamic_variables.booking_uid'] };
const outcome = (body: unknown) => {
  try {
    return parseRetellWebhook(Buffer.from(JSON.stringify(body)), context).kind;
  } catch {
    return 'refused';
  }
};

describe('retellWebhookSchema (the OpenAPI request body) against parseRetellWebhook', () => {
  it('when bodies the parser records or ignores are checked, then the schema accepts them', () => {
    const bodies = [
      retellAnalyzed,
      { ...retellAnalyzed, call: { ...retellAnalyzed.call, collected_dynamic_variables: {} } },
      { event: 'call_started', call: { call_id: 'c1' } },
    ];

    expect(bodies.map(outcome)).toEqual(['record', 'ignored', 'ignored']);
    expect(bodies.map((b) => retellWebhookSchema.safeParse(b).success)).toEqual([true, true, true]);
  });

  it('when a body lacks the event or, for call_analyzed, the call id, then the parser and the schema both refuse it', () => {
    const { call_id: _, ...withoutCallId } = retellAnalyzed.call;
    const bodies = [{ call: retellAnalyzed.call }, { ...retellAnalyzed, call: withoutCallId }];

    expect(bodies.map(outcome)).toEqual(['refused', 'refused']);
    expect(bodies.map((b) => retellWebhookSchema.safeParse(b).success)).toEqual([false, false]);
  });
});
