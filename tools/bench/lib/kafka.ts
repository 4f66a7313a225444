// Kafka helpers of the scenarios: throw-away topics (deleted afterwards) and the Kafka ceiling —
// a raw producer loop with the services' own client settings and nothing else.

import { commonSchema } from '@booking/shared/config';
import {
  createKafka,
  createRecordProducer,
  ensureTopics,
  type Kafka,
  pipelineTopics,
  removeFromBroker,
  TOPICS,
} from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { STACK, uniqueName } from '@booking/shared/testing';
import type { ParsedValues } from '../../../packages/cli/src/lib/cli.ts';
import { intOption } from './scenario.ts';

/** The services' own default partition count (KAFKA_TOPIC_PARTITIONS). */
export const DEFAULT_PARTITIONS = commonSchema.parse({}).KAFKA_TOPIC_PARTITIONS;

export const benchLogger = createLogger({ name: 'bench', level: process.env.BENCH_LOG ?? 'error' });

export const benchKafka = (clientId = 'bench'): Kafka =>
  createKafka({ brokers: [...STACK.kafkaBrokers], clientId, logger: benchLogger });

/**
 * A scenario's Kafka: its client, throw-away topic names (`<name>-<unique>.calcom`, …) and the
 * partition count it was asked for (--partitions, else the services' default).
 */
export function scenarioKafka(values: ParsedValues, name: string) {
  return {
    partitions: intOption(values, 'partitions', DEFAULT_PARTITIONS),
    kafka: benchKafka(name),
    topics: benchTopics(uniqueName(name)),
  };
}

/** Topics named `${id}.calcom` etc. with the production specs (compaction, partitions). */
export function benchTopics(id: string) {
  return { calcom: `${id}.calcom`, retell: `${id}.retell`, changes: `${id}.changes`, dlq: `${id}.dlq` };
}

export async function createBenchTopics(kafka: Kafka, topics: ReturnType<typeof benchTopics>, partitions: number) {
  const rename: Record<string, string> = {
    [TOPICS.calcom]: topics.calcom,
    [TOPICS.retell]: topics.retell,
    [TOPICS.changes]: topics.changes,
    [TOPICS.dlq]: topics.dlq,
  };
  const specs = pipelineTopics(partitions, 1).map((s) => ({ ...s, topic: rename[s.topic] ?? s.topic }));
  await ensureTopics(kafka, specs, benchLogger);
}

/** The scenario's throw-away topics, deleted at its end (a broker gone by then is not the bench's result). */
export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  await removeFromBroker(kafka, { topics }).catch(() => undefined);
}

/**
 * Records/s of back-to-back acks=all sendBatch calls of `batch` records of `valueBytes` each,
 * one request in flight (the idempotent producer's limit), as the ingest's producer is set up.
 */
export async function rawProducerCeiling(options: {
  kafka: Kafka;
  topic: string;
  seconds: number;
  batch: number;
  valueBytes: number;
  producer?: { idempotent: boolean; retries: number };
}): Promise<{ recordsPerSecond: number; requestMs: number }> {
  const producer = createRecordProducer(options.kafka, options.producer ?? { idempotent: true, retries: 2 });
  await producer.connect();
  const value = Buffer.alloc(options.valueBytes, 7);
  const headers = { source: 'calcom', trigger: 'BOOKING_CREATED', 'event-id': 'x'.repeat(64), 'received-at': String(Date.now()) };
  let n = 0;
  let requests = 0;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  while (performance.now() < end) {
    const records = Array.from({ length: options.batch }, () => ({ topic: options.topic, key: `raw-${n++}`, value, headers }));
    await producer.send(records);
    requests++;
  }
  const ms = performance.now() - start;
  await producer.disconnect();
  return { recordsPerSecond: (n * 1000) / ms, requestMs: ms / requests };
}
