// The lag this member reports per partition (kafka_consumer_lag{topic,partition,group}): set
// after each committed batch, set to the whole batch while it is retried (nothing of it is
// committed), and removed for partitions a rebalance took away, or their frozen value would look
// like a stalled consumer to the alerts.
import type { Gauge } from 'prom-client';

export interface ConsumerLag {
  /** `highWatermark - nextOffset`: what is still to do on the partition after `nextOffset`. */
  set(topic: string, partition: number, highWatermark: string, nextOffset: string): void;
  /** Forgets every partition that is not in the member's new assignment. */
  keepOnly(assignment: Record<string, number[]>): void;
}

/** Records still to do on a partition: never negative (a watermark read before the commit). */
export function lagOf(highWatermark: string, nextOffset: string): number {
  const lag = BigInt(highWatermark) - BigInt(nextOffset);
  return lag > 0n ? Number(lag) : 0;
}

/** The partitions of `reported` that `assignment` no longer gives this member. */
export function revoked(reported: { topic: string; partition: number }[], assignment: Record<string, number[]>) {
  return reported.filter(({ topic, partition }) => !assignment[topic]?.includes(partition));
}

export function createConsumerLag(groupId: string, gauge?: Gauge<'topic' | 'partition' | 'group'>): ConsumerLag {
  const reported = new Map<string, { topic: string; partition: number }>();
  const labels = (topic: string, partition: number) => ({ topic, partition: String(partition), group: groupId });
  return {
    set(topic, partition, highWatermark, nextOffset) {
      reported.set(`${topic}:${partition}`, { topic, partition });
      gauge?.set(labels(topic, partition), lagOf(highWatermark, nextOffset));
    },
    keepOnly(assignment) {
      for (const gone of revoked([...reported.values()], assignment)) {
        gauge?.remove(labels(gone.topic, gone.partition));
        reported.delete(`${gone.topic}:${gone.partition}`);
      }
    },
  };
}
