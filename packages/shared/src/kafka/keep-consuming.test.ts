import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepConsuming, restartDelayMs, stoppedTooLong } from './keep-consuming.ts';

const logger = pino({ level: 'silent' });
const coordinatorNotFound = Object.assign(new Error('Failed to find group coordinator'), {
  name: 'KafkaJSGroupCoordinatorNotFound',
  retriable: false,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('restartDelayMs and stoppedTooLong', () => {
  it('when restarts keep failing, then the delay doubles from 0.5 s up to 30 s', () => {
    expect([1, 2, 3, 4, 7, 8, 50].map(restartDelayMs)).toEqual([500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
  });

  it('when a consumer is stopped longer than the bound, then it is not alive, and never while running', () => {
    expect(stoppedTooLong(undefined, 1_000_000, 60_000)).toBeUndefined();
    expect(stoppedTooLong(0, 60_000, 60_000)).toBeUndefined();
    expect(stoppedTooLong(0, 61_000, 60_000)).toBe('consumer stopped for 61 s');
  });
});

describe('keepConsuming', () => {
  it('when kafkajs crashes with an error it will not restart on (group coordinator not found), then a fresh consumer is started after the backoff', async () => {
    const startConsumer = vi.fn(async () => {});
    const keep = keepConsuming({ startConsumer, logger });

    keep.crashed(coordinatorNotFound);
    await vi.advanceTimersByTimeAsync(499);
    const before = startConsumer.mock.calls.length;
    await vi.advanceTimersByTimeAsync(1);

    expect(before).toBe(0);
    expect(startConsumer).toHaveBeenCalledTimes(1);
    keep.close();
  });

  it('when the broker stays away, then it keeps trying with growing delays and one crash schedules one attempt', async () => {
    const startConsumer = vi.fn(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    const keep = keepConsuming({ startConsumer, logger });

    keep.crashed(coordinatorNotFound);
    keep.crashed(coordinatorNotFound);
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000);

    expect(startConsumer).toHaveBeenCalledTimes(3);
    keep.close();
  });

  it('when the consumer stays stopped longer than the bound, then liveness fails and it gives up once; after a join it is alive again', async () => {
    let now = 0;
    const onGiveUp = vi.fn();
    const startConsumer = vi.fn(async () => {
      now += 20_000;
      throw new Error('connect ECONNREFUSED');
    });
    const keep = keepConsuming({ startConsumer, logger, maxStoppedMs: 60_000, onGiveUp, now: () => now });

    keep.crashed(coordinatorNotFound);
    const early = keep.liveness();
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000 + 4000 + 8000);
    const late = keep.liveness();
    keep.joined();

    expect(early).toBeUndefined();
    expect(late).toMatch(/^consumer stopped for \d+ s$/);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    expect(keep.liveness()).toBeUndefined();
    keep.close();
  });

  it('when it is closed (the app stops), then no restart runs any more', async () => {
    const startConsumer = vi.fn(async () => {});
    const keep = keepConsuming({ startConsumer, logger });

    keep.crashed(coordinatorNotFound);
    keep.close();
    await vi.advanceTimersByTimeAsync(60_000);

    expect(startConsumer).not.toHaveBeenCalled();
  });
});
