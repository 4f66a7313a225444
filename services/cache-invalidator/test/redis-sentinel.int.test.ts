// The invalidator against a real Sentinel set-up (a primary, 2 replicas, 3 Sentinels started by
// this file), with REDIS_WAIT_REPLICAS=1: it follows the primary the Sentinels name, and a
// primary SIGKILLed under load leaves no stale key once a replica was promoted — including
// removals the dead primary acknowledged, since each waited for a replica (WAIT).
import { type ScratchRedisSentinel, startRedisSentinel } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFailoverUnderLoad } from './failover-under-load.ts';
import { type Harness, makeChange, startInvalidator } from './helpers.ts';

let sentinel: ScratchRedisSentinel;
let h: Harness;

beforeAll(async () => {
  sentinel = await startRedisSentinel('invalidator');
  const replica = sentinel.nodes[1]?.port;
  h = await startInvalidator({
    redisTarget: sentinel.target,
    subscriberUrl: `redis://127.0.0.1:${replica}`,
    waitReplicas: 1,
    partitions: 4,
  });
});
afterAll(async () => {
  try {
    await h?.close();
  } finally {
    await sentinel?.remove();
  }
});

describe('cache invalidator with Redis Sentinel', () => {
  it('when changes arrive, then their keys are removed on the primary the Sentinels name and the message reaches a replica', async () => {
    const changes = Array.from({ length: 20 }, (_, i) => makeChange({ eventTypeId: 6500 + i, customerId: 6500 + i }));
    const due = changes.map((c) => `appointment:${c.bookingUid}`);
    await h.seed(due);

    await h.produce(changes);
    await h.waitForBookings(changes.map((c) => c.bookingUid));

    expect(await h.existing(due)).toEqual([]);
    await h.published.waitFor((keys) => due.every((k) => keys.includes(`${h.prefix}${k}`)), 10_000);
  });

  it('when the primary is SIGKILLed under load, then a replica is promoted and no stale key is left', async () => {
    const primary = sentinel.nodes[0];

    const figures = await runFailoverUnderLoad(h, {
      changes: 600,
      wave: 30,
      baseId: 20_000,
      kill: async () => primary?.kill(),
      failedOver: async () => {
        await sentinel.waitForPrimary(primary?.port);
      },
    });
    console.log(`redis sentinel failover: ${JSON.stringify({ ...figures, staleLeft: figures.staleLeft.length })}`);

    expect(await sentinel.waitForPrimary(primary?.port)).not.toBe(primary?.port);
    expect(figures.staleLeft).toEqual([]);
    expect(figures.untouchedLost).toEqual([]);
  }, 120_000);
});
