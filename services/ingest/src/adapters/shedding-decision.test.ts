import { describe, expect, it } from 'vitest';
import { decideShedding } from './shedding-decision.ts';

const limits = { maxInFlight: 100, maxEventLoopDelayMs: 200, retryAfterSeconds: 1, unavailableRetryAfterSeconds: 5 };
const calm = { inFlight: 10, eventLoopDelayMs: 5, acceptsRecords: true };

describe('decideShedding', () => {
  it('when the load is under every bound, then the webhook is admitted', () => {
    expect(decideShedding(calm, limits)).toEqual({ shed: false });
  });

  it('when one more request would exceed the in-flight bound, then 429 for in_flight with the short Retry-After', () => {
    expect(decideShedding({ ...calm, inFlight: 99 }, limits)).toEqual({ shed: false });
    expect(decideShedding({ ...calm, inFlight: 100 }, limits)).toEqual({
      shed: true,
      status: 429,
      reason: 'in_flight',
      retryAfterSeconds: 1,
    });
  });

  it('when the event loop is later than its bound, then 429 for event_loop', () => {
    expect(decideShedding({ ...calm, eventLoopDelayMs: 200 }, limits)).toEqual({ shed: false });
    expect(decideShedding({ ...calm, eventLoopDelayMs: 201 }, limits)).toMatchObject({ status: 429, reason: 'event_loop' });
  });

  it('when the event-loop bound is 0, then delay never sheds', () => {
    expect(decideShedding({ ...calm, eventLoopDelayMs: 10_000 }, { ...limits, maxEventLoopDelayMs: 0 })).toEqual({ shed: false });
  });

  it('when neither Kafka nor the spool can take a record, then 503 with the longer Retry-After, even if also overloaded', () => {
    expect(decideShedding({ inFlight: 500, eventLoopDelayMs: 900, acceptsRecords: false }, limits)).toEqual({
      shed: true,
      status: 503,
      reason: 'unavailable',
      retryAfterSeconds: 5,
    });
  });
});
