// The invalidator against a real Redis Cluster (3 primaries + 3 replicas started by this file):
// keys spread over every slot are removed without a command spanning slots, the invalidation
// message reaches a subscriber on another node, and a primary SIGKILLed under load leaves no
// stale key once its replica took over.
import { type ClusterNodeInfo, type ScratchRedisCluster, startRedisCluster } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFailoverUnderLoad } from './failover-under-load.ts';
import { type Harness, makeChange, startInvalidator } from './helpers.ts';

let cluster: ScratchRedisCluster;
let h: Harness;
let victim: ClusterNodeInfo;
let listener: ClusterNodeInfo;

beforeAll(async () => {
  cluster = await startRedisCluster('invalidator');
  const primaries = (await cluster.topology()).filter((n) => n.role === 'master');
  [victim, listener] = primaries as [ClusterNodeInfo, ClusterNodeInfo];
  h = await startInvalidator({ redisTarget: cluster.target, subscriberUrl: `redis://127.0.0.1:${listener.port}`, partitions: 4 });
});
afterAll(async () => {
  try {
    await h?.close();
  } finally {
    await cluster?.remove();
  }
});

describe('cache invalidator on a Redis Cluster', () => {
  it('when a batch has keys on every shard, then all are removed and announced to a subscriber of one node', async () => {
    const changes = Array.from({ length: 40 }, (_, i) => makeChange({ eventTypeId: 6000 + i, customerId: 6000 + i }));
    const due = changes.flatMap((c) => [`appointment:${c.bookingUid}`, `customer:${c.customerId}:appointments`]);
    await h.seed(due);

    await h.produce(changes);
    await h.waitForBookings(changes.map((c) => c.bookingUid));

    expect(await h.existing(due)).toEqual([]);
    await h.published.waitFor((keys) => due.every((k) => keys.includes(`${h.prefix}${k}`)), 10_000);
    expect(h.logs.items.filter((l) => l.msg === 'batch failed, retrying')).toEqual([]);
  });

  it('when a primary is SIGKILLed under load, then its replica takes over and no stale key is left', async () => {
    const victimProcess = cluster.nodes.find((n) => n.port === victim.port);

    const figures = await runFailoverUnderLoad(h, {
      changes: 600,
      wave: 30,
      baseId: 10_000,
      kill: async () => victimProcess?.kill(),
      failedOver: async () => {
        await cluster.waitForTopology((nodes) =>
          nodes.some((n) => n.role === 'master' && !n.failed && n.slots === victim.slots && n.port !== victim.port),
        );
      },
    });
    console.log(`redis cluster failover: ${JSON.stringify({ ...figures, staleLeft: figures.staleLeft.length })}`);

    const after = await cluster.topology();
    expect(after.find((n) => n.port === victim.port)).toMatchObject({ failed: true });
    const live = after.filter((n) => n.role === 'master' && !n.failed);
    expect([live.length, live.reduce((sum, n) => sum + n.slots, 0)]).toEqual([3, 16_384]);
    expect(figures.staleLeft).toEqual([]);
    expect(figures.untouchedLost).toEqual([]);
  }, 120_000);
});
