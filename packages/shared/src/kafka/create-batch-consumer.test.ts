// The error policy of createBatchConsumer, branch by branch, against a fake kafkajs client that
// hands our eachBatch a batch and records commits (no broker: the loop's decisions only).
import type { EachBatchPayload, Kafka, Offsets } from 'kafkajs';
import pino from 'pino';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { InvalidEventError, InvariantError, SchemaUnknownError } from '../errors/index.ts';
import { createBatchConsumer, type DecodedBatch } from './create-batch-consumer.ts';
import { GroupMovedError } from './group-moved.ts';
import type { ConsumedRecord, OutgoingRecord } from './types.ts';

/** What kafkajs answers a request to the coordinator the member joined with, once it moved. */
const notCoordinator = () =>
  Object.assign(new Error('This is not the correct coordinator for this group'), {
    name: 'KafkaJSProtocolError',
    type: 'NOT_COORDINATOR_FOR_GROUP',
    code: 16,
    retriable: true,
  });

function fakeKafka() {
  const calls = {
    commits: [] as string[],
    commitRequests: 0,
    /** consumer.commitOffsets calls: kafkajs' commit with its own retries */
    retryingCommits: 0,
    eachBatch: undefined as undefined | ((p: EachBatchPayload) => Promise<void>),
    /** the batch's commit (consumerGroup.commitOffsets, no retries); fails with commitError if set */
    commitOnce: async ({ topics }: Offsets) => {
      if (calls.commitError) throw calls.commitError;
      calls.commitRequests++;
      for (const { partitions } of topics) calls.commits.push(...partitions.map((p) => `${p.partition}:${p.offset}`));
    },
    commitError: undefined as Error | undefined,
  };
  const consumer = {
    events: { CRASH: 'crash', GROUP_JOIN: 'join' },
    on: () => undefined,
    connect: async () => undefined,
    subscribe: async () => undefined,
    disconnect: async () => undefined,
    run: async (o: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => {
      calls.eachBatch = o.eachBatch;
    },
    commitOffsets: async (offsets: { partition: number; offset: string }[]) => {
      calls.retryingCommits++;
      calls.commits.push(...offsets.map((o) => `${o.partition}:${o.offset}`));
    },
  };
  return { kafka: { consumer: () => consumer } as unknown as Kafka, calls };
}

function payload(
  values: string[],
  partition = 0,
  group: { commitOnce?: (o: Offsets) => Promise<void>; heartbeat?: () => Promise<void>; owned?: boolean } = {},
): EachBatchPayload {
  const messages = values.map((v, i) => ({
    offset: String(i),
    key: Buffer.from(`k${i}`),
    value: Buffer.from(v),
    headers: {},
    timestamp: '0',
  }));
  return {
    batch: {
      topic: 't',
      partition,
      highWatermark: String(values.length),
      messages,
      firstOffset: () => '0',
      lastOffset: () => String(values.length - 1),
    },
    heartbeat: group.heartbeat ?? (async () => undefined),
    isRunning: () => group.owned ?? true,
    isStale: () => false,
    resolveOffset: () => undefined,
    commitOffsetsIfNecessary: group.commitOnce ?? (async () => undefined),
  } as unknown as EachBatchPayload;
}

/** A consumer whose records decode to their text and whose dead letters go nowhere. */
function plainConsumer(kafka: Kafka, options: Partial<Parameters<typeof createBatchConsumer<string>>[0]> = {}) {
  return createBatchConsumer<string>({
    kafka,
    groupId: 'g',
    topics: ['t'],
    logger: pino({ level: 'silent' }),
    deadLetter: {
      topic: 't.dlq',
      producer: { connect: async () => undefined, disconnect: async () => undefined, send: async () => undefined },
    },
    decode: async (r) => r.value?.toString() ?? '',
    handleBatches: async () => undefined,
    ...options,
  });
}

async function run(
  values: string[],
  behaviour: {
    decode?(r: ConsumedRecord, attempt: number): string;
    handle?(attempt: number, values: string[], heartbeat: () => Promise<void>): void | Promise<void>;
    /** the coordinator's answer to heartbeats (default: fine) */
    heartbeat?(): Promise<void>;
    commitError?: Error;
    send?(attempt: number): void;
    /** what the dependency probes say right now (default: all up) */
    unavailable?(): string | undefined;
    /** kafkajs' isRunning() for the batch (default: true) */
    owned?: boolean;
  },
) {
  const { kafka, calls } = fakeKafka();
  calls.commitError = behaviour.commitError;
  const registry = new Registry();
  const retries = new Counter({ name: 'retries', help: 'h', labelNames: ['reason'], registers: [registry] });
  const dlq = new Counter({ name: 'dlq', help: 'h', labelNames: ['reason'], registers: [registry] });
  const parked = new Counter({ name: 'parked', help: 'h', labelNames: ['reason'], registers: [registry] });
  const sent: OutgoingRecord[] = [];
  const handled: DecodedBatch<string>[] = [];
  let attempts = 0;
  let handles = 0;
  let sends = 0;
  const consumer = createBatchConsumer<string>({
    kafka,
    groupId: 'g',
    topics: ['t'],
    logger: pino({ level: 'silent' }),
    maxBackoffMs: 1,
    metrics: { retries, dlq, parked },
    deadLetter: {
      topic: 't.dlq',
      producer: {
        connect: async () => undefined,
        disconnect: async () => undefined,
        send: async (records) => {
          behaviour.send?.(++sends);
          sent.push(...records);
        },
      },
    },
    decode: async (r) => {
      if (r.offset === '0') attempts++;
      return behaviour.decode ? behaviour.decode(r, attempts) : (r.value?.toString() ?? '');
    },
    handleBatches: async (batches) => {
      await behaviour.handle?.(
        ++handles,
        batches.flatMap((b) => b.values),
        () => batches[0]?.heartbeat() ?? Promise.resolve(),
      );
      handled.push(...batches);
    },
    unavailableDependency: async () => behaviour.unavailable?.(),
  });
  await consumer.start();
  const outcome = await calls
    .eachBatch?.(payload(values, 0, { commitOnce: calls.commitOnce, heartbeat: behaviour.heartbeat, owned: behaviour.owned }))
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  return {
    sent,
    handled,
    handles,
    /** what eachBatch rejected with (kafkajs' runner sees it), undefined when it resolved */
    outcome,
    commits: calls.commits.map((c) => c.slice(c.indexOf(':') + 1)),
    retryingCommits: calls.retryingCommits,
    metrics: await registry.metrics(),
    state: consumer.state(),
  };
}

describe('createBatchConsumer error policy', () => {
  it('when a record is proven bad, then it goes to the DLQ, the rest is handled and the batch is committed', async () => {
    const result = await run(['a', 'bad', 'b'], {
      decode: (r) => {
        if (r.value?.toString() === 'bad') throw new InvalidEventError('title is longer than 512 characters');
        return r.value?.toString() ?? '';
      },
    });

    expect(result.sent.map((r) => [r.topic, r.key, r.headers?.['error-class']])).toEqual([['t.dlq', 'k1', 'InvalidEventError']]);
    expect(result.handled.map((b) => [b.values, b.deadLettered])).toEqual([[['a', 'b'], 1]]);
    expect(result.commits).toEqual(['3']);
    expect(result.metrics).toMatch(/dlq\{reason="InvalidEventError"\} 1/);
  });

  it('when the registry does not know a schema id, then nothing is dead-lettered and the batch is retried until it decodes', async () => {
    const result = await run(['a', 'b'], {
      decode: (r, attempt) => {
        if (attempt < 3) throw new SchemaUnknownError('schema id 7 is unknown to the registry');
        return r.value?.toString() ?? '';
      },
    });

    expect(result.sent).toEqual([]);
    expect(result.handled.map((b) => b.values)).toEqual([['a', 'b']]);
    expect(result.metrics).toMatch(/retries\{reason="SCHEMA_UNKNOWN"\} 2/);
    expect(result.commits).toEqual(['2']);
  });

  it('when the handler throws an error we do not recognise while a dependency probe fails, then the batch is retried in place and nothing goes to the DLQ', async () => {
    let down = true;
    const result = await run(['a'], {
      handle: (attempt) => {
        if (attempt === 1) throw new Error('socket hang up');
      },
      unavailable: () => {
        const answer = down ? 'database unavailable' : undefined;
        down = false;
        return answer;
      },
    });

    expect(result.sent).toEqual([]);
    expect(result.handled).toHaveLength(1);
    expect(result.metrics).toMatch(/retries\{reason="UNKNOWN"\} 1/);
    expect(result.commits).toEqual(['1']);
    expect(result.state).toBe('running');
  });

  it('when the handler throws a connection error, then the batch is retried in place without asking to isolate it', async () => {
    const result = await run(['a', 'b'], {
      handle: (attempt) => {
        if (attempt === 1) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
      },
      unavailable: () => {
        throw new Error('a connection error must not need the probes');
      },
    });

    expect(result.sent).toEqual([]);
    expect(result.handled.map((b) => b.values)).toEqual([['a', 'b']]);
    expect(result.commits).toEqual(['2']);
  });

  it('when one record fails on its own with every dependency up, then it is parked with its code and place, the others are handled and the batch is committed', async () => {
    const result = await run(['a', 'poison', 'b'], {
      handle: (_attempt, values) => {
        if (values.includes('poison'))
          throw new InvariantError('appointment x was written but not found in the same transaction');
      },
    });

    expect(
      result.sent.map((r) => [r.topic, r.key, r.headers?.disposition, r.headers?.['error-code'], r.headers?.['source-offset']]),
    ).toEqual([['t.dlq', 'k1', 'parked', 'INVARIANT_BROKEN', '1']]);
    expect(result.handled.flatMap((b) => b.values)).toEqual(['a', 'b']);
    expect(result.commits).toEqual(['3']);
    expect(result.metrics).toMatch(/parked\{reason="INVARIANT_BROKEN"\} 1/);
    expect(result.metrics).not.toMatch(/retries\{reason="INVARIANT_BROKEN"\}/);
  });

  it('when the DLQ producer fails, then the handler does not run and the batch is retried until the dead letter is acked', async () => {
    const result = await run(['bad', 'a'], {
      decode: (r) => {
        if (r.value?.toString() === 'bad') throw new InvalidEventError('bad');
        return 'a';
      },
      send: (attempt) => {
        if (attempt === 1) throw new Error('broker down');
      },
    });

    expect(result.sent).toHaveLength(1);
    expect(result.handled).toHaveLength(1);
    expect(result.commits).toEqual(['2']);
  });

  it('when a heartbeat during the handler finds that the group moved, then eachBatch rejects at once with a type kafkajs rejoins on: not retried, isolated, parked or committed', async () => {
    const result = await run(['a', 'b'], {
      handle: async (_attempt, _values, heartbeat) => heartbeat(),
      heartbeat: async () => {
        throw notCoordinator();
      },
    });

    expect(result.outcome).toBeInstanceOf(GroupMovedError);
    expect(result.outcome).toMatchObject({ type: 'NOT_COORDINATOR_FOR_GROUP' });
    expect([result.handles, result.sent, result.commits]).toEqual([1, [], []]);
    expect(result.metrics).not.toMatch(/retries\{/);
  });

  it('when the coordinator stopped (a heartbeat cannot connect), then kafkajs is told to rejoin as well, not to retry the same broker', async () => {
    const refused = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9094'), {
      name: 'KafkaJSConnectionError',
    });
    const result = await run(['a'], {
      handle: async (_attempt, _values, heartbeat) => heartbeat(),
      heartbeat: async () => {
        throw refused;
      },
    });

    expect(result.outcome).toMatchObject({ name: 'GroupMovedError', type: 'NOT_COORDINATOR_FOR_GROUP', cause: refused });
    expect(result.handles).toBe(1);
  });

  it("when the commit answers NOT_COORDINATOR_FOR_GROUP, then eachBatch rejects at once for kafkajs to rejoin, without kafkajs' retrying commit to the old coordinator", async () => {
    const result = await run(['a'], { commitError: notCoordinator() });

    expect(result.outcome).toMatchObject({ name: 'GroupMovedError', type: 'NOT_COORDINATOR_FOR_GROUP' });
    expect([result.retryingCommits, result.commits]).toEqual([0, []]);
  });

  it('when kafkajs hands over a batch of a partition this member no longer runs (fetched before a revoke), then it is neither decoded, handled nor committed', async () => {
    let decoded = 0;
    const result = await run(['a', 'b'], {
      owned: false,
      decode: (r) => {
        decoded++;
        return r.value?.toString() ?? '';
      },
    });

    expect([result.outcome, decoded, result.handles, result.commits]).toEqual([undefined, 0, 0, []]);
  });

  it("when the commit fails for another reason, then it is committed again with kafkajs' retries", async () => {
    const result = await run(['a', 'b'], { commitError: new Error('request timed out') });

    expect([result.outcome, result.retryingCommits, result.commits]).toEqual([undefined, 1, ['2']]);
  });

  it('when two partitions are handed over at once, then one handler call gets both batches and one request commits both', async () => {
    const { kafka, calls } = fakeKafka();
    const groups: string[][][] = [];
    const consumer = plainConsumer(kafka, {
      concurrentPartitions: 2,
      handleBatches: async (batches) => void groups.push(batches.map((b) => b.values)),
    });
    await consumer.start();

    await Promise.all([calls.eachBatch?.(payload(['a', 'b'], 0, calls)), calls.eachBatch?.(payload(['c'], 1, calls))]);

    expect(groups.map((g) => g.map((values) => values.join('')).sort())).toEqual([['ab', 'c']]);
    expect(calls.commitRequests).toBe(1);
    expect(calls.commits.sort()).toEqual(['0:2', '1:1']);
  });

  it('when the kafkajs consumer crashes with restart false (group coordinator not found), then a fresh consumer is created, runs and is running again once it joins', async () => {
    const created: { handlers: Map<string, (e: { payload: unknown }) => void>; runs: number }[] = [];
    const kafka = {
      consumer: () => {
        const entry = { handlers: new Map<string, (e: { payload: unknown }) => void>(), runs: 0 };
        created.push(entry);
        return {
          events: { CRASH: 'crash', GROUP_JOIN: 'join' },
          on: (name: string, handler: (e: { payload: unknown }) => void) => entry.handlers.set(name, handler),
          connect: async () => undefined,
          subscribe: async () => undefined,
          disconnect: async () => undefined,
          run: async () => {
            entry.runs++;
          },
          commitOffsets: async () => undefined,
        };
      },
    } as unknown as Kafka;
    const consumer = plainConsumer(kafka);
    await consumer.start();
    created[0]?.handlers.get('join')?.({ payload: { memberAssignment: {} } });
    const before = consumer.state();

    const crash = Object.assign(new Error('Failed to find group coordinator'), { name: 'KafkaJSGroupCoordinatorNotFound' });
    created[0]?.handlers.get('crash')?.({ payload: { error: crash, restart: false } });
    const afterCrash = consumer.state();
    await vi.waitFor(() => expect(created[1]?.runs).toBe(1), { timeout: 5_000 });
    created[1]?.handlers.get('join')?.({ payload: { memberAssignment: {} } });

    expect([before, afterCrash, consumer.state()]).toEqual(['running', 'stopped', 'running']);
    expect(consumer.liveness()).toBeUndefined();
    await consumer.stop();
  });

  it('when lingerMs is set and a group is committed sooner, then kafkajs gets the fetch back (and fetches again) only once lingerMs has passed since it was handed over', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const { kafka, calls } = fakeKafka();
      const consumer = plainConsumer(kafka, { lingerMs: 20 });
      await consumer.start();
      let returned = false;
      const handedOver = calls.eachBatch?.(payload(['a'], 0, { commitOnce: calls.commitOnce })).then(() => {
        returned = true;
      });

      // the group runs on (real) setImmediate turns; the faked clock stands still meanwhile
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(19);
      const beforeLinger = { returned, commits: [...calls.commits] };
      await vi.advanceTimersByTimeAsync(1);
      await handedOver;

      expect(beforeLinger).toEqual({ returned: false, commits: ['0:1'] });
      expect(returned).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
