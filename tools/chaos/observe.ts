// What the chaos suite reads from the running pipeline: readiness, consumer-group progress
// against the broker's end offsets, and counters from /metrics.
import { type Kafka, TOPICS } from '@booking/shared/kafka';

export type Offsets = Map<string, bigint>;

export async function endOffsets(kafka: Kafka, topics: string[]): Promise<Offsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const result: Offsets = new Map();
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) result.set(`${topic}:${p.partition}`, BigInt(p.high));
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

export async function committedOffsets(kafka: Kafka, groupId: string, topics: string[]): Promise<Offsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const result: Offsets = new Map();
    for (const entry of await admin.fetchOffsets({ groupId, topics })) {
      for (const p of entry.partitions) result.set(`${entry.topic}:${p.partition}`, BigInt(p.offset === '-1' ? 0 : p.offset));
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

/** Records the group has not committed yet, summed over partitions. */
export function lagOf(ends: Offsets, committed: Offsets): bigint {
  let lag = 0n;
  for (const [partition, end] of ends) {
    const done = committed.get(partition) ?? 0n;
    if (end > done) lag += end - done;
  }
  return lag;
}

export const SOURCE_TOPICS = [TOPICS.calcom, TOPICS.retell];
export const CHANGE_TOPICS = [TOPICS.changes];

export async function isReady(url: string): Promise<boolean> {
  return fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.status === 200,
    () => false,
  );
}

/** Sum of a counter's samples whose labels contain every given label=value. */
export async function counter(url: string, name: string, labels: Record<string, string[]>): Promise<number | undefined> {
  const text = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(3000) }).then(
    (r) => r.text(),
    () => undefined,
  );
  if (text === undefined) return undefined;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([label, values]) => values.some((v) => line.includes(`${label}="${v}"`)));
    if (matches) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}

/** Retries a read that fails while the broker is still electing leaders after a restart. */
export async function retrying<T>(read: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
