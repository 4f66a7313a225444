// What the multi-broker scenarios read from a scratch cluster: which node leads most partitions,
// which node is the active controller, and whether every partition has its full ISR again.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from '@booking/shared/kafka';
import type { ScratchClusterNode } from '../stack/kafka-cluster.ts';

async function partitionsOf(kafka: Kafka, topics?: string[]) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata(topics ? { topics } : undefined);
    return metadata.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, ...p })));
  } finally {
    await admin.disconnect();
  }
}

/** The node that leads the most partitions of `topics` (ties: the lowest id). */
export async function leaderOfMost(kafka: Kafka, topics: string[]): Promise<number> {
  const counts = new Map<number, number>();
  for (const p of await partitionsOf(kafka, topics)) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (!best) throw new Error(`no leaders for ${topics.join(', ')}`);
  return best[0];
}

/**
 * The active KRaft controller: the leader named by the newest epoch in the nodes' quorum-state
 * files (kafkajs cannot ask: DescribeQuorum is not in its protocol, and DescribeCluster answers
 * a random broker for clients since KIP-590).
 */
export function activeController(nodes: ScratchClusterNode[]): number {
  let newest = { epoch: -1, leader: -1 };
  for (const node of nodes) {
    const file = join(node.metadataDir, 'quorum-state');
    if (!existsSync(file)) continue;
    const state = JSON.parse(readFileSync(file, 'utf8')) as { leaderId?: number; leaderEpoch?: number };
    if ((state.leaderEpoch ?? -1) > newest.epoch && (state.leaderId ?? -1) >= 0) {
      newest = { epoch: state.leaderEpoch ?? -1, leader: state.leaderId ?? -1 };
    }
  }
  if (newest.leader < 0) throw new Error('no node names an active controller');
  return newest.leader;
}

/** Every partition of every topic (internal ones too) has all its replicas in sync. */
export async function fullIsr(kafka: Kafka): Promise<boolean> {
  return (await partitionsOf(kafka)).every((p) => p.leader >= 0 && p.isr.length === p.replicas.length);
}
