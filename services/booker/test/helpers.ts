// Test wiring for the booker: a scratch database with the migrations applied, unique topics
// and group, a producer of source records, and collectors to wait on (never sleep).
import { bookerSchema, loadConfig } from '@booking/shared/config';
import {
  type AppointmentChangeV1,
  appointmentChangeV1,
  type BookingStateV1,
  bookingStateV1,
  type VoiceBookingV1,
  voiceBookingV1,
} from '@booking/shared/events';
import { type ConsumedRecord, createKafka, createRecordProducer, type Kafka, type RecordProducer } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry, type Registry } from '@booking/shared/metrics';
import type { MikroORM } from '@booking/shared/orm';
import { createAvroCodec, createSchemaRegistry, decodeAvro, type SchemaRegistry } from '@booking/shared/registry';
import { Collector, createUniqueTopics, STACK, uniqueName } from '@booking/shared/testing';
import { type BookerApp, buildApp } from '../src/app.ts';
import type { BatchResult, BookerTopics } from '../src/handle-batches.ts';

export const logger = createLogger({ name: 'booker-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export { createScratchDatabase, type ScratchDatabase, useScratchDatabase } from '@booking/shared/testing';

/** The booker's four topics, of the calling test's own (call it inside a test): deleted when it finishes. */
export const uniqueTopics = (): BookerTopics => createUniqueTopics(['calcom', 'retell', 'changes', 'dlq'], 'bk');

export const testConfig = () => ({ ...loadConfig(bookerSchema, { KAFKA_TOPIC_PARTITIONS: '1' }), BOOKER_PORT: 0 });

export interface RunningBooker {
  app: BookerApp;
  metrics: Registry;
  batches: Collector<BatchResult>;
  commits: Collector<{ topic: string; partition: number; nextOffset: string }>;
  /** Records parked in the DLQ (failed alone with every dependency up), with their error. */
  parked: Collector<{ record: ConsumedRecord; error: unknown }>;
  stop(): Promise<void>;
}

export function startBooker(options: {
  kafka: Kafka;
  /** failFast client for the readiness probe (default: kafka). */
  probeKafka?: Kafka;
  schemaRegistry: SchemaRegistry;
  orm: MikroORM;
  topics: BookerTopics;
  groupId: string;
  /** Settings over testConfig() (e.g. a replication factor for a multi-broker cluster). */
  config?: Partial<ReturnType<typeof testConfig>>;
  logger?: typeof logger;
}): RunningBooker & { started: Promise<void> } {
  const batches = new Collector<BatchResult>();
  const commits = new Collector<{ topic: string; partition: number; nextOffset: string }>();
  const parked = new Collector<{ record: ConsumedRecord; error: unknown }>();
  const metrics = createMetricsRegistry({ service: 'booker', version: 'test' });
  const app = buildApp(
    { ...testConfig(), ...options.config },
    {
      kafka: options.kafka,
      probeKafka: options.probeKafka,
      schemaRegistry: options.schemaRegistry,
      orm: options.orm,
      logger: options.logger ?? logger,
      metricsRegistry: metrics,
      topics: options.topics,
      groupId: options.groupId,
      onBatch: (b) => batches.push(b),
      onCommitted: (c) => commits.push(c),
      onParked: (record, error) => parked.push({ record, error }),
    },
  );
  return { app, metrics, batches, commits, parked, started: app.start(), stop: () => app.stop() };
}

export interface SourceProducer {
  calcom(value: BookingStateV1): Promise<void>;
  /** All in one produce request, so that they arrive in one batch. */
  calcomMany(values: BookingStateV1[]): Promise<void>;
  retell(value: VoiceBookingV1): Promise<void>;
  raw(topic: string, key: string, value: Buffer): Promise<void>;
  producer: RecordProducer;
}

export async function createSourceProducer(
  kafka: Kafka,
  registry: SchemaRegistry,
  topics: BookerTopics,
): Promise<SourceProducer> {
  const calcomCodec = await createAvroCodec<BookingStateV1>(registry, bookingStateV1.subject, bookingStateV1.schema);
  const retellCodec = await createAvroCodec<VoiceBookingV1>(registry, voiceBookingV1.subject, voiceBookingV1.schema);
  const producer = createRecordProducer(kafka);
  await producer.connect();
  return {
    producer,
    calcom: async (value) =>
      producer.send([
        { topic: topics.calcom, key: value.bookingUid, value: await calcomCodec.encode(value), headers: { source: 'calcom' } },
      ]),
    calcomMany: async (values) =>
      producer.send(
        await Promise.all(
          values.map(async (v) => ({
            topic: topics.calcom,
            key: v.bookingUid,
            value: await calcomCodec.encode(v),
            headers: { source: 'calcom' },
          })),
        ),
      ),
    retell: async (value) =>
      producer.send([
        { topic: topics.retell, key: value.bookingUid, value: await retellCodec.encode(value), headers: { source: 'retell' } },
      ]),
    raw: (topic, key, value) => producer.send([{ topic, key, value, headers: { source: 'calcom', 'event-id': 'poison' } }]),
  };
}

export interface TopicReader<T> {
  items: Collector<T>;
  stop(): Promise<void>;
}

/** Reads a topic from the beginning with a throwaway group; `decode` turns each record into T. */
export async function readTopic<T>(
  kafka: Kafka,
  topic: string,
  decode: (m: { key: string | null; value: Buffer | null; headers: Record<string, string> }) => Promise<T>,
): Promise<TopicReader<T>> {
  const items = new Collector<T>();
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      items.push(await decode({ key: message.key?.toString() ?? null, value: message.value, headers }));
    },
  });
  return { items, stop: () => consumer.disconnect() };
}

export const readChanges = (kafka: Kafka, registry: SchemaRegistry, topic: string) =>
  readTopic<AppointmentChangeV1>(kafka, topic, (m) => decodeAvro<AppointmentChangeV1>(registry, m.value));

export function stackClients() {
  const kafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: uniqueName('booker-test'), logger });
  const registry = createSchemaRegistry(STACK.schemaRegistryUrl);
  return { kafka, registry };
}

export async function appointmentRows(orm: MikroORM): Promise<Record<string, unknown>[]> {
  return orm.em
    .fork()
    .getConnection()
    .execute(
      'SELECT a.*, c.customer_key FROM appointments a LEFT JOIN customers c ON c.id = a.customer_id ORDER BY booking_uid',
      [],
      'all',
    );
}

export { appointmentChangeV1 };
