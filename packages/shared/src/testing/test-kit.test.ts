import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollUntil } from './poll-until.ts';
import { calcomSignature, retellSignature } from './webhook-signers.ts';

describe('webhook signers', () => {
  // the test vectors of reference/webhooks.md §3, which the ingest's verifiers are tested with
  it('when they sign the reference bodies, then they produce the reference signatures', () => {
    const calcom = '{"triggerEvent":"BOOKING_CREATED","createdAt":"2024-01-01T00:00:00.000Z","payload":{"uid":"abc"}}';

    expect(calcomSignature(calcom, 'test-secret')).toBe('5be872ed1b4c5e2c87a57b75153579c329261c4b42636e487799e8e7c3e2daa9');
    expect(retellSignature('{"event":"call_ended"}', 'test-api-key', 1_700_000_000_000)).toBe(
      'v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e',
    );
  });
});

describe('pollUntil', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when the condition comes true on the third read, then it returns that value', async () => {
    let reads = 0;

    const polled = pollUntil(
      'three reads',
      () => ++reads,
      (n) => n === 3,
      { intervalMs: 10 },
    );
    await vi.advanceTimersByTimeAsync(20);

    await expect(polled).resolves.toBe(3);
  });

  it('when the deadline passes, then it rejects naming what it waited for and the last value or error it saw', async () => {
    let reads = 0;
    const values = pollUntil(
      'the row',
      () => ({ status: 'pending', reads: ++reads }),
      (row) => row.status === 'done',
      {
        timeoutMs: 100,
      },
    );
    const errors = pollUntil(
      'the endpoint',
      (): number => {
        throw new Error('connect ECONNREFUSED');
      },
      Boolean,
      { timeoutMs: 100 },
    );
    const assertions = [
      expect(values).rejects.toThrow(/^the row: not within 100 ms; last saw \{"status":"pending","reads":\d+\}$/),
      expect(errors).rejects.toThrow('the endpoint: not within 100 ms; last saw an error: connect ECONNREFUSED'),
    ];

    await vi.advanceTimersByTimeAsync(150);

    await Promise.all(assertions);
  });
});
