import type { OutgoingRecord } from '@booking/shared/kafka';
import { deferred } from '@booking/shared/testing';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createBatchingProducer } from './batching-producer.ts';

const record = (key: string): OutgoingRecord => ({ topic: 't', key, value: Buffer.from(key) });

function fakeProducer() {
  const requests: { keys: string[]; ack: ReturnType<typeof deferred<void>> }[] = [];
  const producer = {
    connect: async () => {},
    disconnect: async () => {},
    send(records: OutgoingRecord[]) {
      const ack = deferred<void>();
      requests.push({ keys: records.map((r) => r.key), ack });
      return ack.promise;
    },
  };
  return { producer, requests };
}
const metrics = {
  produceDuration: new Histogram({ name: 'p', help: 'p', labelNames: ['outcome'], registers: [new Registry()] }),
};

describe('batching producer', () => {
  it('when sends arrive within the linger time, then one produce request carries them and each resolves on its ack', async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const { producer, requests } = fakeProducer();
    const batcher = createBatchingProducer({ producer, lingerMs: 5, maxRecords: 100, deadlineMs: 60_000, metrics });
    let resolved = 0;

    const sends = ['a', 'b', 'c'].map((k) => batcher.send(record(k)).then(() => resolved++));
    await vi.advanceTimersByTimeAsync(5);
    const resolvedBeforeAck = resolved;
    requests[0]?.ack.resolve();
    await Promise.all(sends);

    expect(requests.map((r) => r.keys)).toEqual([['a', 'b', 'c']]);
    expect(resolvedBeforeAck).toBe(0);
    expect(resolved).toBe(3);
  });

  it('when lingerMs is 0, then sends of one event-loop turn share a request and those made while it is in flight share the next', async () => {
    const { producer, requests } = fakeProducer();
    const batcher = createBatchingProducer({ producer, lingerMs: 0, maxRecords: 100, deadlineMs: 60_000, metrics });

    const first = ['a', 'b'].map((k) => batcher.send(record(k)));
    await new Promise((r) => setImmediate(r));
    const second = ['c', 'd'].map((k) => batcher.send(record(k)));
    await new Promise((r) => setImmediate(r));
    const inFlight = requests.length;
    requests[0]?.ack.resolve();
    await Promise.all(first);
    await new Promise((r) => setImmediate(r));
    requests[1]?.ack.resolve();
    await Promise.all(second);

    expect(inFlight).toBe(1);
    expect(requests.map((r) => r.keys)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('when more records than maxRecords queue, then they go out at once in requests of at most maxRecords', async () => {
    const { producer, requests } = fakeProducer();
    const batcher = createBatchingProducer({ producer, lingerMs: 1000, maxRecords: 2, deadlineMs: 60_000, metrics });

    const sends = ['a', 'b', 'c'].map((k) => batcher.send(record(k)));
    requests[0]?.ack.resolve();
    await sends[1];
    await new Promise((r) => setImmediate(r));
    requests[1]?.ack.resolve();
    await Promise.all(sends);

    expect(requests.map((r) => r.keys)).toEqual([['a', 'b'], ['c']]);
  });

  it('when a produce request fails, then its records and those queued behind it are rejected', async () => {
    const { producer, requests } = fakeProducer();
    const batcher = createBatchingProducer({ producer, lingerMs: 0, maxRecords: 1, deadlineMs: 60_000, metrics });

    const first = batcher.send(record('a'));
    const second = batcher.send(record('b'));
    requests[0]?.ack.reject(new Error('broker down'));

    await expect(first).rejects.toThrow('broker down');
    await expect(second).rejects.toThrow('broker down');
    expect(requests).toHaveLength(1);
  });
});

describe('batching producer deadline', () => {
  it('when a request is not acknowledged within the deadline, then its records and those queued behind fail, and settled() waits for the request', async () => {
    const { producer, requests } = fakeProducer();
    const batcher = createBatchingProducer({ producer, lingerMs: 0, maxRecords: 1, deadlineMs: 20, metrics });
    let settled = false;

    const first = batcher.send(record('a')).catch((e: unknown) => e);
    const queued = batcher.send(record('b')).catch((e: unknown) => e);
    const outcomes = await Promise.all([first, queued]);
    const whenSettled = batcher.settled().then(() => {
      settled = true;
    });
    await new Promise((r) => setImmediate(r));
    const settledBeforeAck = settled;
    requests[0]?.ack.resolve();
    await whenSettled;

    expect(outcomes.map((e) => (e as { code?: string }).code)).toEqual(['DEPENDENCY_UNAVAILABLE', 'DEPENDENCY_UNAVAILABLE']);
    expect(requests.map((r) => r.keys)).toEqual([['a']]);
    expect(batcher.busy()).toBe(false);
    expect(settledBeforeAck).toBe(false);
    expect(settled).toBe(true);
  });
});

describe('batching producer deadline counts the wait in the queue', () => {
  it('when records wait behind a request that is acknowledged just before the deadline, then their own request gets only what is left of their deadline and they fail at it', async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const { producer, requests } = fakeProducer();
    const batcher = createBatchingProducer({ producer, lingerMs: 0, maxRecords: 100, deadlineMs: 800, metrics });
    const failedAt: Record<string, number> = {};
    const start = performance.now();
    const send = (key: string) =>
      batcher.send(record(key)).catch((e: unknown) => {
        failedAt[key] = performance.now() - start;
        return (e as { code?: string }).code;
      });

    const first = send('a');
    await vi.advanceTimersByTimeAsync(1);
    const queued = send('b');
    await vi.advanceTimersByTimeAsync(789);
    requests[0]?.ack.resolve();
    await first;
    await vi.advanceTimersByTimeAsync(800);
    const outcome = await queued;

    expect(requests.map((r) => r.keys)).toEqual([['a'], ['b']]);
    expect(outcome).toBe('DEPENDENCY_UNAVAILABLE');
    expect(failedAt.b).toBeLessThanOrEqual(801);
  });
});
