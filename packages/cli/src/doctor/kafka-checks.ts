import {
  createKafka,
  describeTopics,
  fetchGroupLag,
  type Kafka,
  type KafkaSecurity,
  type ObservedTopic,
  replicationProblem,
  type TopicSpec,
  topicConfigDrift,
} from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import type { Admin } from 'kafkajs';
import type { CheckResult } from './types.ts';

const LAG_WARN = 10_000;

export function createDoctorKafka(brokers: string[], logger: Logger, security?: KafkaSecurity): Kafka {
  return createKafka({ brokers, clientId: 'doctor', logger, retry: 'tool', connectionTimeoutMs: 2000, security });
}

export async function checkKafka(
  kafka: Kafka,
  brokers: string[],
  specs: TopicSpec[],
  groups: ConsumerGroupSpec[],
): Promise<CheckResult[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const results: CheckResult[] = [
      {
        check: 'kafka',
        status: 'PASS',
        evidence: `${cluster.brokers.length} broker(s) at ${brokers.join(',')}, controller ${cluster.controller}`,
      },
    ];
    const observed = await describeTopics(admin, specs);
    for (const spec of specs) {
      // a different min.insync.replicas is not wrong as such; replicationCheck judges what it keeps
      const mine = topicConfigDrift(spec, observed.get(spec.topic)).filter((d) => d.setting !== 'min.insync.replicas');
      results.push(
        mine.length === 0
          ? {
              check: `topic ${spec.topic}`,
              status: 'PASS',
              evidence: `${spec.partitions} partitions, cleanup.policy=${spec.configs['cleanup.policy']}`,
            }
          : {
              check: `topic ${spec.topic}`,
              status: 'FAIL',
              evidence: mine
                .map((d) => (d.setting === 'exists' ? 'missing' : `${d.setting}=${d.actual} (expected ${d.expected})`))
                .join('; '),
            },
      );
      const replication = replicationCheck(spec.topic, observed.get(spec.topic), cluster.brokers.length);
      if (replication) results.push(replication);
    }
    const existing = new Set(await admin.listTopics());
    for (const group of groups) results.push(await groupLag(admin, group, existing));
    return results;
  } finally {
    await admin.disconnect();
  }
}

/**
 * A topic that cannot keep an acknowledged record through the loss of one broker, or whose
 * writes stop while one is down. Not judged on a one-broker cluster, which has no choice.
 */
function replicationCheck(topic: string, observed: ObservedTopic | undefined, brokers: number): CheckResult | undefined {
  if (!observed || brokers < 2) return undefined;
  const minIsr = Number(observed.configs['min.insync.replicas'] ?? '1');
  const problem = replicationProblem(observed.replicationFactor, minIsr);
  if (!problem) return undefined;
  return {
    check: `replication ${topic}`,
    status: 'WARN',
    evidence: `${problem}; production: 3 replicas, min.insync.replicas=2 (KAFKA_MIN_INSYNC_REPLICAS; an existing topic: kafka-configs --alter --add-config min.insync.replicas=2)`,
  };
}

export interface ConsumerGroupSpec {
  id: string;
  topics: string[];
}

async function groupLag(admin: Admin, group: ConsumerGroupSpec, existing: Set<string>): Promise<CheckResult> {
  const check = `lag ${group.id}`;
  const present = group.topics.filter((t) => existing.has(t));
  if (present.length === 0) return { check, status: 'WARN', evidence: 'its topics do not exist yet' };
  const lags = await fetchGroupLag(admin, group.id, present);
  const total = lags.reduce((sum, l) => sum + l.lag, 0n);
  // per partition, so that one stalled partition (a dead or stuck member) stands out
  const perPartition = present
    .map(
      (topic) =>
        `${topic} ${lags
          .filter((l) => l.topic === topic)
          .map((l) => `p${l.partition}=${l.lag}`)
          .join(' ')}`,
    )
    .join('; ');
  if (lags.every((l) => l.committed === null)) {
    return { check, status: 'WARN', evidence: `no committed offsets yet (backlog ${total}): ${perPartition}` };
  }
  return {
    check,
    status: total > BigInt(LAG_WARN) ? 'WARN' : 'PASS',
    evidence: `${total} record(s) behind: ${perPartition}`,
  };
}
