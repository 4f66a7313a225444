// The three services built in-process with their buildApp on the local stack, isolated from
// other tests by unique topics, consumer groups, a scratch database and a Redis key prefix, each
// with its own metrics registry and HTTP port — what Prometheus scrapes in the dashboard test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp as buildBooker } from '@booking/booker';
import { buildApp as buildInvalidator } from '@booking/cache-invalidator';
import { buildApp as buildIngest } from '@booking/ingest';
import { closeRedisClient, createRedisClient } from '@booking/shared/cache';
import { bookerSchema, commonSchema, ingestSchema, invalidatorSchema, loadConfig } from '@booking/shared/config';
import { createKafka, createRecordProducer, type Kafka, kafkaSecurity, removeFromBroker } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createOrm, dropDatabase, ensureDatabase, type MikroORM, migrateUp } from '@booking/shared/orm';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { Collector, calcomHeaders, retellHeaders, STACK, uniqueName } from '@booking/shared/testing';

export const CALCOM_SECRET = 'observability-test-secret';
export const RETELL_API_KEY = 'observability-test-retell-key';

interface Commit {
  topic: string;
  partition: number;
  /** The next offset to consume (last handled + 1). */
  next: bigint;
}

export interface Pipeline {
  /** host:port of each service's /metrics, keyed by the job names of deploy/prometheus. */
  targets: { ingest: string; booker: string; 'cache-invalidator': string };
  /** `headers` go along with the signature (a caller's traceparent, a delivery id). */
  postCalcom(body: object, secret?: string, headers?: Record<string, string>): Promise<number>;
  postRetell(body: object): Promise<number>;
  /** Writes bytes that are no Avro record to the booker's Cal.com topic (a poison record). */
  producePoison(): Promise<void>;
  /** The booker's scratch database (to check what was stored). */
  orm: MikroORM;
  /** Resolves once the booker and then the invalidator committed everything produced so far. */
  waitUntilIdle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface PipelineOptions {
  /** Environment on top of the local stack's, e.g. another broker with KAFKA_SSL/KAFKA_SASL_*. */
  env?: Record<string, string>;
}

async function endOffsets(kafka: Kafka, topics: string[]): Promise<Commit[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const result = await Promise.all(
      topics.map(async (topic) =>
        (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, next: BigInt(p.high) })),
      ),
    );
    return result.flat();
  } finally {
    await admin.disconnect();
  }
}

function covers(commits: Commit[], ends: Commit[]): boolean {
  return ends.every(
    (end) => end.next === 0n || commits.some((c) => c.topic === end.topic && c.partition === end.partition && c.next >= end.next),
  );
}

export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const env = (overrides: Record<string, string>): Record<string, string> => ({
    KAFKA_BROKERS: STACK.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: STACK.schemaRegistryUrl,
    REDIS_URL: STACK.redisUrl,
    KAFKA_TOPIC_PARTITIONS: '1',
    LOG_LEVEL: 'error',
    ...options.env,
    ...overrides,
  });
  // The clients come from the configuration as in each main.ts, so TLS, SASL and registry auth
  // take the same path here.
  const common = loadConfig(commonSchema, env({}));
  const createRegistry = () => createSchemaRegistry(common.SCHEMA_REGISTRY_URL, registryAuth(common));
  const topics = {
    calcom: uniqueName('obs-calcom'),
    retell: uniqueName('obs-retell'),
    changes: uniqueName('obs-changes'),
    dlq: uniqueName('obs-dlq'),
  };
  const databaseUrl = `${STACK.mariadbUrl}/${uniqueName('obs').replace(/-/g, '_')}`;
  const spoolDir = mkdtempSync(join(tmpdir(), 'obs-spool-'));
  const logger = createLogger({ level: 'error', name: 'observability-test', pretty: false });
  const kafka = createKafka({
    brokers: common.KAFKA_BROKERS,
    clientId: 'observability-test',
    logger,
    security: kafkaSecurity(common),
  });
  const bookerCommits = new Collector<Commit>();
  const invalidatorCommits = new Collector<Commit>();

  await ensureDatabase(databaseUrl);
  const orm: MikroORM = await createOrm({ databaseUrl });
  await migrateUp(orm);

  const ingest = buildIngest(
    {
      ...loadConfig(
        ingestSchema,
        env({
          CALCOM_WEBHOOK_SECRETS: CALCOM_SECRET,
          RETELL_API_KEY,
          INGEST_SPOOL_DIR: spoolDir,
          INGEST_HOST: '127.0.0.1',
          INGEST_TOPIC_CALCOM: topics.calcom,
          INGEST_TOPIC_RETELL: topics.retell,
        }),
      ),
      INGEST_PORT: 0,
    },
    {
      kafka,
      schemaRegistry: createRegistry(),
      logger: logger.child({ service: 'ingest' }),
      metricsRegistry: createMetricsRegistry({ service: 'ingest', version: 'test' }),
    },
  );
  const booker = buildBooker(
    { ...loadConfig(bookerSchema, env({ DATABASE_URL: databaseUrl })), BOOKER_PORT: 0 },
    {
      kafka,
      schemaRegistry: createRegistry(),
      orm,
      logger: logger.child({ service: 'booker' }),
      metricsRegistry: createMetricsRegistry({ service: 'booker', version: 'test' }),
      topics,
      groupId: uniqueName('obs-booker'),
      onCommitted: (c) => bookerCommits.push({ topic: c.topic, partition: c.partition, next: BigInt(c.nextOffset) }),
    },
  );
  const redis = createRedisClient(STACK.redisUrl, { connectionName: 'observability-test' });
  const invalidator = buildInvalidator(
    { ...loadConfig(invalidatorSchema, env({ INVALIDATOR_GROUP_ID: uniqueName('obs-invalidator') })), INVALIDATOR_PORT: 0 },
    {
      kafka,
      redis,
      schemaRegistry: createRegistry(),
      logger: logger.child({ service: 'cache-invalidator' }),
      metricsRegistry: createMetricsRegistry({ service: 'cache_invalidator', version: 'test' }),
      topics: { changes: topics.changes, dlq: topics.dlq },
      keyPrefix: `${uniqueName('obs')}:`,
      host: '127.0.0.1',
      onBatch: (o) => invalidatorCommits.push({ topic: o.topic, partition: o.partition, next: BigInt(o.lastOffset) + 1n }),
    },
  );

  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const app of started.reverse()) await app.stop().catch(() => undefined);
    await closeRedisClient(redis);
    await orm.close();
    await dropDatabase(databaseUrl);
    await removeFromBroker(kafka, { topics: Object.values(topics) });
    rmSync(spoolDir, { recursive: true, force: true });
  };

  let ingestPort: number | undefined;
  try {
    await ingest.start();
    ingestPort = ingest.port();
    started.push(ingest);
    await booker.start();
    started.push(booker);
    await invalidator.start();
    started.push(invalidator);
  } catch (error) {
    await stop();
    throw error;
  }

  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(`http://127.0.0.1:${ingestPort}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  };

  return {
    targets: {
      ingest: `127.0.0.1:${ingestPort}`,
      booker: `127.0.0.1:${booker.port()}`,
      'cache-invalidator': `127.0.0.1:${invalidator.port()}`,
    },
    postCalcom(body, secret = CALCOM_SECRET, headers = {}) {
      const raw = JSON.stringify(body);
      return post('/webhooks/calcom', raw, { ...headers, ...calcomHeaders(raw, secret) });
    },
    postRetell(body) {
      const raw = JSON.stringify(body);
      return post('/webhooks/retell', raw, retellHeaders(raw, RETELL_API_KEY));
    },
    async producePoison() {
      const producer = createRecordProducer(kafka);
      await producer.connect();
      try {
        await producer.send([{ topic: topics.calcom, key: uniqueName('poison'), value: Buffer.from('not an avro record') }]);
      } finally {
        await producer.disconnect();
      }
    },
    async waitUntilIdle(timeoutMs = 30_000) {
      const sourceEnds = await endOffsets(kafka, [topics.calcom, topics.retell]);
      await bookerCommits.waitFor((commits) => covers(commits, sourceEnds), timeoutMs);
      // the booker produces its changes before it commits, so the changes topic is complete now
      const changeEnds = await endOffsets(kafka, [topics.changes]);
      await invalidatorCommits.waitFor((commits) => covers(commits, changeEnds), timeoutMs);
    },
    orm,
    stop,
  };
}
