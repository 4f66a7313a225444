import { createKafka, type Kafka, type KafkaSecurity, type TopicSpec, topicDrift } from '@booking/shared/kafka';
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
  const committed = await admin.fetchOffsets({ groupId: group.id, topics: present });
  let lag = 0n;
  let anyCommitted = false;
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const p of partitions) {
      const end = BigInt(ends.find((e) => e.partition === p.partition)?.high ?? '0');
      const at = BigInt(p.offset);
      if (at >= 0n) anyCommitted = true;
      lag += at >= 0n ? end - at : end;
    }
  }
  if (!anyCommitted) return { check, status: 'WARN', evidence: `no committed offsets yet (backlog ${lag})` };
  return {
    check,
    status: lag > BigInt(LAG_WARN) ? 'WARN' : 'PASS',
    evidence: `${lag} record(s) behind on ${present.join(', ')}`,
  };
}
