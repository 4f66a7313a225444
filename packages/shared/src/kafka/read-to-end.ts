// Reads topics from the beginning (or from a timestamp) up to the end they had when the read
// started, then stops. For tools (verify, DLQ inspection/re-drive) that need "everything there
// is now"; it commits nothing, so it never moves any real consumer group.
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { partitionRanges } from './partition-ranges.ts';
import type { ConsumedRecord } from './types.ts';
import { toConsumedRecord } from './view-batch.ts';

export interface ReadToEndOptions {
  topics: string[];
  /** epoch ms: start at the first record at or after this time instead of the beginning. */
  since?: number;
  /** First offset per "topic:partition" (e.g. where an earlier read ended); wins over `since`. */
  from?: ReadonlyMap<string, bigint>;
  onRecord(record: ConsumedRecord): void | Promise<void>;
  /** Called once with how many records will be read (for progress with an ETA). */
  onTotal?(records: number): void;
  timeoutMs?: number;
}

export interface ReadToEndResult {
  records: number;
  /** Topics that do not exist (nothing was read from them). */
  missingTopics: string[];
  /** Where the read stopped: the exclusive end offset per "topic:partition" (every partition). */
  ends: Map<string, bigint>;
}

export async function readTopicsToEnd(kafka: Kafka, options: ReadToEndOptions): Promise<ReadToEndResult> {
  const admin = kafka.admin();
  await admin.connect();
  let topics: string[];
  let missingTopics: string[];
  const remaining = new Map<string, bigint>();
  const starts: { topic: string; partition: number; offset: string }[] = [];
  const ends = new Map<string, bigint>();
  try {
    const existing = new Set(await admin.listTopics());
    topics = options.topics.filter((t) => existing.has(t));
    missingTopics = options.topics.filter((t) => !existing.has(t));
    for (const r of await partitionRanges(admin, topics, options.since)) {
      const key = `${r.topic}:${r.partition}`;
      const from = options.from?.get(key) ?? r.from;
      ends.set(key, r.to);
      if (from >= r.to) continue;
      remaining.set(key, r.to - 1n);
      starts.push({ topic: r.topic, partition: r.partition, offset: from.toString() });
    }
  } finally {
    await admin.disconnect();
  }
  options.onTotal?.(
    starts.reduce((n, s) => n + Number((remaining.get(`${s.topic}:${s.partition}`) ?? 0n) + 1n - BigInt(s.offset)), 0),
  );
  if (remaining.size === 0) return { records: 0, missingTopics, ends };

  const consumer = kafka.consumer({
    groupId: `read-to-end-${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 100,
  });
  let count = 0;
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const timer = setTimeout(
    () => fail(new Error(`did not reach the end within ${(options.timeoutMs ?? 120_000) / 1000} s`)),
    options.timeoutMs ?? 120_000,
  );
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const s of starts) consumer.seek(s);
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const key = `${batch.topic}:${batch.partition}`;
        const last = remaining.get(key);
        if (last === undefined) return;
        for (const m of batch.messages) {
          if (BigInt(m.offset) > last) break;
          await options.onRecord(toConsumedRecord(batch.topic, batch.partition, m));
          count++;
        }
        if (BigInt(batch.lastOffset()) >= last) {
          remaining.delete(key);
          if (remaining.size === 0) finish();
        }
      },
    });
    await done;
    return { records: count, missingTopics, ends };
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
