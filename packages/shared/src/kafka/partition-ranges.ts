// Where reading a topic "from the beginning, or from a time, up to now" starts and ends, per
// partition. Shared by the tools that re-read topics (replay's plan, read-to-end).
import type { Admin } from 'kafkajs';

export interface PartitionRange {
  topic: string;
  partition: number;
  /** first offset to read: the log start, or the first record at/after `since` */
  from: bigint;
  /** exclusive: the high watermark at the time of the lookup */
  to: bigint;
}

export async function partitionRanges(admin: Admin, topics: string[], since?: number): Promise<PartitionRange[]> {
  const ranges: PartitionRange[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const bySince = since === undefined ? undefined : await admin.fetchTopicOffsetsByTimestamp(topic, since);
    for (const p of ends) {
      const to = BigInt(p.high);
      const fromSince = bySince?.find((b) => b.partition === p.partition)?.offset;
      // -1 from the timestamp lookup means "no record at or after it": nothing to read there
      const from = fromSince === undefined ? BigInt(p.low) : BigInt(fromSince) < 0n ? to : BigInt(fromSince);
      ranges.push({ topic, partition: p.partition, from, to });
    }
  }
  return ranges;
}
