// An invalidator built in-process with buildApp on unique topics, group and Redis key prefix,
// plus what tests need around it: a producer of AppointmentChangeV1 records, a direct Redis
// client, and signals (batch outcomes, log lines) to wait on instead of sleeping.
import { Writable } from 'node:stream';
import {
  CACHE_INVALIDATION_CHANNEL,
  closeRedisClient,
  createRedisClient,
  decodeInvalidationMessage,
  groupKeysByShard,
  Redis,
  type RedisConnection,
} from '@booking/shared/cache';
import { type InvalidatorConfig, invalidatorSchema, loadConfig, type RedisTarget } from '@booking/shared/config';
import { type AppointmentChangeV1, appointmentChangeV1 } from '@booking/shared/events';
import { createKafka, createRawProducer, createRecordProducer, type Kafka, removeFromBroker } from '@booking/shared/kafka';
import { createMetricsRegistry, type Registry } from '@booking/shared/metrics';
import { type AvroCodec, createAvroCodec, createSchemaRegistry } from '@booking/shared/registry';
import { Collector, STACK, uniqueName } from '@booking/shared/testing';
import pino from 'pino';
import { buildApp, type InvalidatorApp } from '../src/app.ts';
import type { BatchResult } from '../src/handle-batches.ts';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Harness {
  app: InvalidatorApp;
  kafka: Kafka;
  prefix: string;
  topics: { changes: string; dlq: string };
  groupId: string;
  metrics: Registry;
  /** A client on the real Redis (not through any proxy) for arranging and asserting. */
  redis: RedisConnection;
  outcomes: Collector<BatchResult>;
  logs: Collector<LogLine>;
  /** Keys announced on the invalidation channel, in order. */
  published: Collector<string>;
  codec: AvroCodec<AppointmentChangeV1>;
  produce(changes: AppointmentChangeV1[]): Promise<void>;
  produceRaw(records: { key: string; value: Buffer | null }[]): Promise<void>;
  /** Sets each key (with the prefix) and remembers it for cleanup. */
  seed(keys: string[]): Promise<void>;
  /** The keys (without the prefix) that exist in Redis. */
  existing(keys: string[]): Promise<string[]>;
  /** Resolves once batches covering each booking UID's appointment key have been handled. */
  waitForBookings(uids: string[], timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Redis URL the invalidator uses (e.g. through a TCP proxy); the real Redis by default. */
  redisUrl?: string;
  /** A Sentinel set or cluster instead: the invalidator and the harness's client both use it. */
  redisTarget?: RedisTarget;
  /** The node the invalidation-channel subscriber listens on (default: the stack's Redis). */
  subscriberUrl?: string;
  /** REDIS_WAIT_REPLICAS of the invalidator under test (default 0). */
  waitReplicas?: number;
  partitions?: number;
  /** Consume this changes topic (e.g. one a booker under test produces to). */
  changesTopic?: string;
  groupId?: string;
  /** Called with each batch outcome as it happens (besides the `outcomes` collector). */
  onBatch?: (result: BatchResult) => void;
  /** Brokers (e.g. a scratch broker); the shared one by default. */
  brokers?: string[];
}

let sequence = 0;

export function makeChange(overrides: Partial<AppointmentChangeV1> = {}): AppointmentChangeV1 {
  sequence += 1;
  const now = Date.now();
  return {
    bookingUid: `uid-${sequence}`,
    appointmentId: sequence,
    customerId: 7,
    source: 'calcom',
    status: 'ACCEPTED',
    title: 'Consultation',
    eventTypeId: 42,
    teamId: 1,
    startAt: Date.UTC(2026, 2, 3, 10),
    endAt: Date.UTC(2026, 2, 3, 10, 30),
    timeZone: 'Europe/Berlin',
    location: null,
    rescheduledFromUid: null,
    rescheduledToUid: null,
    cancellationReason: null,
    calcomBookingId: sequence,
    retellCallId: null,
    version: now,
    lastEventId: `event-${sequence}`,
    receivedAt: now,
    committedAt: now,
    previousStartAt: null,
    previousEventTypeId: null,
    previousCustomerId: null,
    ...overrides,
  };
}

function captureLogs(logs: Collector<LogLine>) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return pino({ level: 'info' }, stream);
}

export async function startInvalidator(options: HarnessOptions = {}): Promise<Harness> {
  const prefix = `${uniqueName('test-inv')}:`;
  const topics = { changes: options.changesTopic ?? uniqueName('t-changes'), dlq: uniqueName('t-dlq') };
  const groupId = options.groupId ?? uniqueName('g-invalidator');
  const silent = pino({ level: 'silent' });
  const kafkaOptions = { brokers: options.brokers ?? [...STACK.kafkaBrokers], clientId: 'invalidator-test', logger: silent };
  const kafka = createKafka(kafkaOptions);
  const schemaRegistry = createSchemaRegistry(STACK.schemaRegistryUrl);
  const outcomes = new Collector<BatchResult>();
  const logs = new Collector<LogLine>();
  const published = new Collector<string>();
  const metrics = createMetricsRegistry({ service: 'cache_invalidator', version: 'test' });
  const config: InvalidatorConfig = {
    ...loadConfig(invalidatorSchema, { SCHEMA_REGISTRY_URL: STACK.schemaRegistryUrl }),
    INVALIDATOR_PORT: 0,
    INVALIDATOR_GROUP_ID: groupId,
    KAFKA_TOPIC_PARTITIONS: options.partitions ?? 2,
    KAFKA_REPLICATION_FACTOR: 1,
    KAFKA_LAG_POLL_INTERVAL_MS: 500,
    REDIS_WAIT_REPLICAS: options.waitReplicas ?? 0,
  };
  const appRedis = options.redisTarget
    ? createRedisClient(options.redisTarget, { maxReconnectDelayMs: 200, connectionName: 'invalidator-under-test' })
    : createRedisClient(options.redisUrl ?? STACK.redisUrl, { maxReconnectDelayMs: 200 });
  const app = buildApp(config, {
    kafka,
    probeKafka: createKafka({ ...kafkaOptions, retry: 'failFast' }),
    redis: appRedis,
    schemaRegistry,
    logger: captureLogs(logs),
    metricsRegistry: metrics,
    topics,
    keyPrefix: prefix,
    host: '127.0.0.1',
    onBatch: (outcome) => {
      options.onBatch?.(outcome);
      outcomes.push(outcome);
    },
  });
  const redis: RedisConnection = options.redisTarget
    ? createRedisClient(options.redisTarget, { maxRetriesPerRequest: 5 })
    : new Redis(STACK.redisUrl);
  const subscriber = new Redis(options.subscriberUrl ?? STACK.redisUrl);
  // a failover makes these test clients reconnect; their commands report what matters
  for (const client of [redis, subscriber]) client.on('error', () => undefined);
  // per shard: on a cluster a pipeline or multi-key command must not span slots
  const perShard = async (keys: string[], add: (pipeline: ReturnType<RedisConnection['pipeline']>, key: string) => void) => {
    const results = await Promise.all(
      groupKeysByShard(redis, keys).map((group) => {
        const pipeline = redis.pipeline();
        for (const key of group) add(pipeline, key);
        return pipeline.exec();
      }),
    );
    const failed = results.flatMap((r) => r ?? []).find(([error]) => error);
    if (failed) throw failed[0];
  };
  subscriber.on('message', (_channel: string, message: string) => {
    for (const key of decodeInvalidationMessage(message)) published.push(key);
  });
  await subscriber.subscribe(`${prefix}${CACHE_INVALIDATION_CHANNEL}`);
  await app.start();
  const codec = await createAvroCodec<AppointmentChangeV1>(schemaRegistry, `${topics.changes}-value`, appointmentChangeV1.schema);
  const producer = createRecordProducer(kafka);
  await producer.connect();
  const seeded = new Set<string>();

  return {
    app,
    kafka,
    prefix,
    topics,
    groupId,
    metrics,
    redis,
    outcomes,
    logs,
    published,
    codec,
    async produce(changes) {
      const records = await Promise.all(
        changes.map(async (c) => ({ topic: topics.changes, key: c.bookingUid, value: await codec.encode(c) })),
      );
      await producer.send(records);
    },
    async produceRaw(records) {
      // a tombstone needs a null value, which RecordProducer does not model
      const raw = createRawProducer(kafka);
      await raw.connect();
      try {
        await raw.send({ topic: topics.changes, acks: -1, messages: records });
      } finally {
        await raw.disconnect();
      }
    },
    async seed(keys) {
      const prefixed = keys.map((key) => `${prefix}${key}`);
      for (const key of prefixed) seeded.add(key);
      await perShard(prefixed, (pipeline, key) => pipeline.set(key, 'cached', 'EX', 600));
    },
    async existing(keys) {
      const results = await Promise.all(keys.map((k) => redis.exists(`${prefix}${k}`)));
      return keys.filter((_, i) => results[i] === 1);
    },
    async waitForBookings(uids, timeoutMs = 30_000) {
      const wanted = uids.map((uid) => `appointment:${uid}`);
      await outcomes.waitFor((items) => wanted.every((key) => items.some((o) => o.keys.includes(key))), timeoutMs);
    },
    async close() {
      await app.stop();
      await closeRedisClient(appRedis);
      await producer.disconnect();
      await subscriber.quit();
      await perShard([...seeded], (pipeline, key) => pipeline.unlink(key));
      await closeRedisClient(redis);
      await removeFromBroker(kafka, { topics: [topics.changes, topics.dlq] });
    },
  };
}
