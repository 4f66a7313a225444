// Consumer lag as the broker sees it: per partition, the end offset (high watermark) minus the
// group's committed offset — or minus the earliest retained offset when the group has committed
// nothing there yet (the consumers start from the beginning). Computed from the group's commits,
// not by its members, so a partition whose member is dead, stuck or missing still shows its lag.
import type { Admin } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Next offset the group will read; null when it has committed nothing on this partition. */
  committed: bigint | null;
  /** The partition's end offset (high watermark). */
  end: bigint;
  lag: bigint;
}

export interface TopicEnds {
  topic: string;
  partitions: { partition: number; high: string; low: string }[];
}

export interface GroupCommits {
  topic: string;
  partitions: { partition: number; offset: string }[];
}

/** Pure: lag of every partition in `ends`, using the group's `commits` (offset "-1" = none). */
export function partitionLags(ends: TopicEnds[], commits: GroupCommits[]): PartitionLag[] {
  const lags: PartitionLag[] = [];
  for (const { topic, partitions } of ends) {
    const committedOf = new Map(
      (commits.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
    );
    for (const p of [...partitions].sort((a, b) => a.partition - b.partition)) {
      const end = BigInt(p.high);
      const at = committedOf.get(p.partition);
      const committed = at !== undefined && at >= 0n ? at : null;
      const from = committed ?? BigInt(p.low);
      lags.push({ topic, partition: p.partition, committed, end, lag: end > from ? end - from : 0n });
    }
  }
  return lags;
}

/** Two admin requests per topic; the topics must exist. */
export async function fetchGroupLag(admin: Admin, groupId: string, topics: string[]): Promise<PartitionLag[]> {
  const [ends, commits] = await Promise.all([
    Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))),
    admin.fetchOffsets({ groupId, topics }),
  ]);
  return partitionLags(ends, commits);
}
