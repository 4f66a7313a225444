import { describe, expect, it } from 'vitest';
import { GroupMovedError } from './group-moved.ts';
import { retryBackoffMs, retryInPlace } from './retry-in-place.ts';

function harness(failures: number, options: { loseAfter?: number; stopAfter?: number; error?: () => Error } = {}) {
  let attempts = 0;
  const backoffs: number[] = [];
  const run = retryInPlace({
    attempt: async () => {
      attempts++;
      if (attempts <= failures) throw options.error?.() ?? new Error(`outage ${attempts}`);
    },
    owned: () => options.loseAfter === undefined || attempts < options.loseAfter,
    stopping: () => options.stopAfter !== undefined && attempts >= options.stopAfter,
    heartbeat: async () => {},
    onFailure: (_e, _n, backoff) => backoffs.push(backoff),
    maxBackoffMs: 1000,
    sleep: async () => {},
  });
  return { run, backoffs, attempts: () => attempts };
}

describe('retryInPlace', () => {
  it('when the attempt fails during an outage, then it is retried with doubling backoff until it succeeds', async () => {
    const h = harness(5);

    expect(await h.run).toBe('done');
    expect(h.backoffs).toEqual([200, 400, 800, 1000, 1000]);
    expect(h.attempts()).toBe(6);
  });

  it('when the consumer stops while retrying, then it ends without success, so nothing is committed', async () => {
    const h = harness(10, { stopAfter: 2 });

    expect(await h.run).toBe('stopping');
    expect(h.attempts()).toBe(2);
  });

  it('when the partition is taken away, then the failure is rethrown to kafkajs', async () => {
    const h = harness(10, { loseAfter: 3 });

    await expect(h.run).rejects.toThrow('outage 3');
  });

  it('when the attempt fails because the group moved (coordinator changed, rebalance), then it is rethrown at once: no retry, no backoff', async () => {
    const notCoordinator = Object.assign(new Error('This is not the correct coordinator for this group'), {
      name: 'KafkaJSProtocolError',
      type: 'NOT_COORDINATOR_FOR_GROUP',
      code: 16,
    });
    const h = harness(10, { error: () => new GroupMovedError(notCoordinator) });

    await expect(h.run).rejects.toBeInstanceOf(GroupMovedError);
    expect(h.attempts()).toBe(1);
    expect(h.backoffs).toEqual([]);
  });

  it('when the attempts go on, then the backoff is capped', () => {
    expect([1, 2, 3, 20].map((n) => retryBackoffMs(n, 5000))).toEqual([200, 400, 800, 5000]);
  });
});
