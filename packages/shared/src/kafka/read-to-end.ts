// Reads topics from the beginning (or from a timestamp) up to the end they had when the read
// started, then stops. For tools (verify, DLQ inspection/re-drive) that need "everything there
// is now"; it commits nothing, so it never moves any real consumer group.
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { ConsumedRecord } from './types.ts';

export interface ReadToEndOptions {
  topics: string[];
  /** epoch ms: start at the first record at or after this time instead of the beginning. */
  since?: number;
  onRecord(record: ConsumedRecord): void | Promise<void>;
  timeoutMs?: number;
}

export interface ReadToEndResult {
  records: number;
  /** Topics that do not exist (nothing was read from them). */
  missingTopics: string[];
}

export async function readTopicsToEnd(kafka: Kafka, options: ReadToEndOptions): Promise<ReadToEndResult> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  const starts: { topic: string; partition: number; offset: string }[] = [];
  const existing = new Set(
    await admin.listTopics().catch(async (e) => {
      await admin.disconnect();
      throw e;
    }),
  );
  const topics = options.topics.filter((t) => existing.has(t));
  const missingTopics = options.topics.filter((t) => !existing.has(t));
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const from = options.since === undefined ? undefined : await admin.fetchTopicOffsetsByTimestamp(topic, options.since);
      for (const p of ends) {
        const start = BigInt(from?.find((f) => f.partition === p.partition)?.offset ?? p.low);
        const high = BigInt(p.high);
        if (start >= 0n && start < high) {
          remaining.set(`${topic}:${p.partition}`, high - 1n);
          starts.push({ topic, partition: p.partition, offset: start.toString() });
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (remaining.size === 0) return { records: 0, missingTopics };

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
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(m.headers ?? {}))
            if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[0] : v);
          await options.onRecord({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString('utf8') ?? null,
            value: m.value,
            headers,
            timestamp: m.timestamp,
          });
          count++;
        }
        if (BigInt(batch.lastOffset()) >= last) {
          remaining.delete(key);
          if (remaining.size === 0) finish();
        }
      },
    });
    await done;
    return { records: count, missingTopics };
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
