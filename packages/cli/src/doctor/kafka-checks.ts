import { createKafka, fetchGroupLag, type Kafka, type KafkaSecurity, type TopicSpec, topicDrift } from '@booking/shared/kafka';
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
    const drift = await topicDrift(admin, specs);
    for (const spec of specs) {
      const mine = drift.filter((d) => d.topic === spec.topic);
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
    }
    const existing = new Set(await admin.listTopics());
    for (const group of groups) results.push(await groupLag(admin, group, existing));
    return results;
  } finally {
    await admin.disconnect();
  }
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
