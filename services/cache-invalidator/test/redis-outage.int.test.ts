// Redis "stops" for the invalidator only: it talks to Redis through a TCP proxy that the test
// cuts and restores. The shared Redis keeps running for everyone else.
import { STACK, startTcpProxy, type TcpProxy } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeChange, startInvalidator } from './helpers.ts';

let proxy: TcpProxy;
let h: Harness;

beforeAll(async () => {
  const redis = new URL(STACK.redisUrl);
  proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  h = await startInvalidator({ redisUrl: `redis://127.0.0.1:${proxy.port}/0`, partitions: 1 });
});
afterAll(async () => {
  await proxy?.restore();
  await h?.close();
  await proxy?.close();
});

async function committedOffset(h: Harness): Promise<string | undefined> {
  const admin = h.kafka.admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId: h.groupId, topics: [h.topics.changes] });
    return topic?.partitions.find((p) => p.partition === 0)?.offset;
  } finally {
    await admin.disconnect();
  }
}

describe('cache invalidator while Redis is unavailable', () => {
  it('when Redis goes away during a stream, then nothing is committed past unremoved keys, readiness turns false, and every due key is removed once it returns', async () => {
    const first = makeChange({ eventTypeId: 5000 });
    await h.seed([`appointment:${first.bookingUid}`]);
    await h.produce([first]);
    await h.waitForBookings([first.bookingUid]);
    const during = Array.from({ length: 20 }, (_, i) => makeChange({ eventTypeId: 5001 + i }));
    const due = during.flatMap((c) => [`appointment:${c.bookingUid}`, `availability:${c.eventTypeId}:2026-03-03`]);
    await h.seed([...due, 'availability:5000:2026-03-09']);

    await proxy.cut();
    await h.produce(during);
    await h.logs.waitFor((lines) => lines.some((l) => l.msg === 'batch failed, retrying'));

    expect(h.app.readiness()).toMatch(/retrying|redis/);
    expect((await fetch(`http://127.0.0.1:${h.app.port()}/readyz`)).status).toBe(503);
    expect(await committedOffset(h)).toBe('1');
    expect(await h.existing(due)).toEqual(due);

    await proxy.restore();
    await h.waitForBookings(during.map((c) => c.bookingUid));
    const after = makeChange({ eventTypeId: 5100 });
    await h.produce([after]);
    await h.waitForBookings([after.bookingUid]);

    expect(await h.existing(due)).toEqual([]);
    expect(await h.existing(['availability:5000:2026-03-09'])).toEqual(['availability:5000:2026-03-09']);
    expect(h.app.readiness()).toBeUndefined();
    expect(await h.metrics.metrics()).toMatch(/cache_invalidation_errors_total [1-9]/);
  });
});
