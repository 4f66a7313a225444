// What a rebuild will re-consume: per source partition, from the earliest offset (or the first
// at/after --since) to the end the topic has now. Pure formatting lives here too.
import { type PartitionRange, partitionRanges } from '@booking/shared/kafka';
import type { Admin } from 'kafkajs';

export interface RebuildPlan {
  group: string;
  ranges: PartitionRange[];
  records: bigint;
}

export async function planRebuild(admin: Admin, group: string, topics: string[], since?: number): Promise<RebuildPlan> {
  const ranges = await partitionRanges(admin, topics, since);
  return { group, ranges, records: ranges.reduce((n, r) => n + (r.to - r.from), 0n) };
}

export function describePlan(plan: RebuildPlan): string {
  const lines = plan.ranges.map((r) => `  ${r.topic}[${r.partition}]  offsets ${r.from}..${r.to}  (${r.to - r.from} records)`);
  return [`rebuild with consumer group "${plan.group}": ${plan.records} record(s)`, ...lines].join('\n');
}

/** The plan as JSON (offsets as strings: they are 64-bit). */
export function planToJson(plan: RebuildPlan) {
  return {
    group: plan.group,
    records: plan.records.toString(),
    ranges: plan.ranges.map((r) => ({ topic: r.topic, partition: r.partition, from: r.from.toString(), to: r.to.toString() })),
  };
}

/** Records still to apply, given the next offset committed per "topic:partition". */
export function remaining(plan: RebuildPlan, committed: ReadonlyMap<string, bigint>): bigint {
  let left = 0n;
  for (const r of plan.ranges) {
    const at = committed.get(`${r.topic}:${r.partition}`) ?? r.from;
    // biome-ignore lint/complexity/useMathMinMax: bigint offsets; Math.max does not take bigint
    if (at < r.to) left += r.to - (at > r.from ? at : r.from);
  }
  return left;
}
