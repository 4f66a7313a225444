// All doctor checks, each under a deadline, in parallel; the CLI (../doctor.ts) only wires
// config to this and prints. Tests call it with their own topics, database and Redis.
import type { RedisTarget } from '@booking/shared/config';
import type { EventDefinition } from '@booking/shared/events';
import type { Kafka, TopicSpec } from '@booking/shared/kafka';
import type { RegistryAuth } from '@booking/shared/registry';
import { checkDatabase } from './database-checks.ts';
import { checkParked } from './dlq-checks.ts';
import { type ConsumerGroupSpec, checkKafka } from './kafka-checks.ts';
import { checkRedis } from './redis-checks.ts';
import { checkRegistry } from './registry-checks.ts';
import { runCheck } from './report.ts';
import type { CheckResult } from './types.ts';

export interface DoctorTargets {
  kafka: Kafka;
  brokers: string[];
  topics: TopicSpec[];
  groups: ConsumerGroupSpec[];
  registryUrl: string;
  registryAuth?: RegistryAuth;
  subjects?: EventDefinition[];
  databaseUrl: string;
  /** A REDIS_URL or the target redisTarget(config) names (Sentinel, Cluster). */
  redis: string | RedisTarget;
  /** The DLQ whose parked records are counted; no parked-records check without it. */
  dlqTopic?: string;
  timeoutMs?: number;
}

export async function runDoctor(t: DoctorTargets): Promise<CheckResult[]> {
  const timeout = t.timeoutMs ?? 8_000;
  const groups = await Promise.all([
    runCheck('kafka', () => checkKafka(t.kafka, t.brokers, t.topics, t.groups), timeout),
    runCheck('schema registry', () => checkRegistry(t.registryUrl, t.subjects, t.registryAuth), timeout),
    runCheck('mariadb', () => checkDatabase(t.databaseUrl), timeout),
    runCheck('redis', () => checkRedis(t.redis), timeout),
    ...(t.dlqTopic ? [runCheck('parked records', () => checkParked(t.kafka, t.dlqTopic as string), timeout)] : []),
  ]);
  return groups.flat();
}
