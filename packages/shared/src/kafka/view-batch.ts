// The view step: a kafkajs batch as our ConsumedBatch, so that nothing after it (decode,
// handler, isolation) sees kafkajs types.
import type { EachBatchPayload } from 'kafkajs';
import type { ConsumedBatch, ConsumedRecord } from './types.ts';

/** A kafkajs message as our ConsumedRecord (headers as strings, key as UTF-8). */
export function toConsumedRecord(
  topic: string,
  partition: number,
  m: EachBatchPayload['batch']['messages'][number],
): ConsumedRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString('utf8') ?? null,
    value: m.value,
    headers,
    timestamp: m.timestamp,
  };
}

export function viewBatch(payload: EachBatchPayload): ConsumedBatch {
  const { batch, heartbeat, isRunning, isStale } = payload;
  return {
    topic: batch.topic,
    partition: batch.partition,
    records: batch.messages.map((m) => toConsumedRecord(batch.topic, batch.partition, m)),
    fetchedAt: Date.now(),
    heartbeat,
    isRunning: () => isRunning() && !isStale(),
  };
}
