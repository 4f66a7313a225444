// The fuzz suite's private pipeline on the shared stack: an ingest as a real child process (so a
// crash shows and its RSS can be read) writing to unique topics, and a booker and cache
// invalidator built in-process on those topics with their own groups, database and key prefix.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp as buildBooker } from '@booking/booker';
import { buildApp as buildInvalidator } from '@booking/cache-invalidator';
import { createRedisClient } from '@booking/shared/cache';
import { bookerSchema, commonSchema, DEFAULT_REDIS_URL, invalidatorSchema, loadConfig } from '@booking/shared/config';
import { createKafka, type Kafka, removeFromBroker } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createOrm, dropDatabase, ensureDatabase, migrateUp } from '@booking/shared/orm';
import { createSchemaRegistry } from '@booking/shared/registry';
import { freePort, STACK } from '@booking/shared/testing';
import { spawnService } from '../start/service-process.ts';
import type { FuzzKeys } from './cases.ts';

export interface FuzzStack {
  kafka: string[];
  registry: string;
  mariadb: string;
  redis: string;
}

/** The stack the environment names (the services' variables), for the commands. */
export function fuzzStackFromEnv(env: NodeJS.ProcessEnv): FuzzStack {
  const config = loadConfig(commonSchema, env);
  const server = new URL(config.DATABASE_URL);
  server.pathname = '';
  return {
    kafka: config.KAFKA_BROKERS,
    registry: config.SCHEMA_REGISTRY_URL,
    mariadb: server.toString().replace(/\/$/, ''),
    redis: config.REDIS_URL ?? DEFAULT_REDIS_URL,
  };
}

/** The local stack the tests use (@booking/shared/testing STACK). */
export const TEST_STACK: FuzzStack = {
  kafka: [...STACK.kafkaBrokers],
  registry: STACK.schemaRegistryUrl,
  mariadb: STACK.mariadbUrl,
  redis: STACK.redisUrl,
};

/** Ports for the private ingest, booker and invalidator. */
export async function freePorts(): Promise<[number, number, number]> {
  return [await freePort(), await freePort(), await freePort()];
}

export interface FuzzPipeline {
  url: string;
  ingest: ChildProcess;
  kafka: Kafka;
  topics: { calcom: string; retell: string; changes: string; dlq: string };
  databaseUrl: string;
  redis: ReturnType<typeof createRedisClient>;
  keyPrefix: string;
  /** Rows of the appointments table with this booking UID. */
  countRows(bookingUid: string): Promise<number>;
  /** Rows of a query against the pipeline's own database (for suites that check its state). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Resident set size of the ingest process in bytes (Linux /proc). */
  ingestRss(): number;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the fuzzed ingest exited (${child.exitCode}) before it was ready`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the fuzzed ingest was not ready within ${timeoutMs / 1000} s`);
}

export async function startFuzzPipeline(stack: FuzzStack, keys: FuzzKeys, ports: number[]): Promise<FuzzPipeline> {
  const id = `fuzz-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const topics = { calcom: `${id}.calcom`, retell: `${id}.retell`, changes: `${id}.changes`, dlq: `${id}.dlq` };
  const databaseUrl = `${stack.mariadb}/${id.replace(/-/g, '_')}`;
  const spoolDir = mkdtempSync(join(tmpdir(), 'fuzz-spool-'));
  const logger = createLogger({ level: 'error', name: 'fuzz', pretty: false });
  const kafka = createKafka({ brokers: stack.kafka, clientId: 'fuzz', logger });
  const common = {
    KAFKA_BROKERS: stack.kafka.join(','),
    KAFKA_TOPIC_PARTITIONS: '2',
    SCHEMA_REGISTRY_URL: stack.registry,
    REDIS_URL: stack.redis,
    LOG_LEVEL: 'warn',
  };
  const [ingestPort, bookerPort, invalidatorPort] = ports as [number, number, number];

  await ensureDatabase(databaseUrl);
  const orm = await createOrm({ databaseUrl });
  await migrateUp(orm);
  const booker = buildBooker(
    { ...loadConfig(bookerSchema, { ...common, DATABASE_URL: databaseUrl }), BOOKER_PORT: bookerPort },
    {
      kafka,
      schemaRegistry: createSchemaRegistry(stack.registry),
      orm,
      logger: logger.child({ service: 'booker' }),
      metricsRegistry: createMetricsRegistry({ service: 'booker', version: 'fuzz' }),
      topics,
      groupId: `${id}-booker`,
    },
  );
  const keyPrefix = `${id}:`;
  const redis = createRedisClient(stack.redis, { connectionName: 'fuzz' });
  const invalidator = buildInvalidator(
    { ...loadConfig(invalidatorSchema, common), INVALIDATOR_PORT: invalidatorPort },
    {
      kafka,
      redis,
      schemaRegistry: createSchemaRegistry(stack.registry),
      logger: logger.child({ service: 'cache-invalidator' }),
      metricsRegistry: createMetricsRegistry({ service: 'cache_invalidator', version: 'fuzz' }),
      topics: { changes: topics.changes, dlq: topics.dlq },
      keyPrefix,
      host: '127.0.0.1',
    },
  );
  const ingest = spawnService(
    'ingest',
    {
      ...process.env,
      ...common,
      INGEST_PORT: String(ingestPort),
      INGEST_HOST: '127.0.0.1',
      INGEST_SPOOL_DIR: spoolDir,
      INGEST_TOPIC_CALCOM: topics.calcom,
      INGEST_TOPIC_RETELL: topics.retell,
      CALCOM_WEBHOOK_SECRETS: keys.calcomSecret,
      RETELL_API_KEY: keys.retellKey,
    },
    (line, stream) => stream === 'stderr' && process.stderr.write(`ingest | ${line}\n`),
  );
  const url = `http://127.0.0.1:${ingestPort}`;
  const stop = async () => {
    if (ingest.exitCode === null) {
      const exited = new Promise((resolve) => ingest.once('exit', resolve));
      ingest.kill('SIGTERM');
      await exited;
    }
    await invalidator.stop().catch(() => undefined);
    await booker.stop().catch(() => undefined);
    await orm.close();
    redis.disconnect();
    await dropDatabase(databaseUrl);
    await removeFromBroker(kafka, { topics: Object.values(topics) });
    rmSync(spoolDir, { recursive: true, force: true });
  };
  try {
    await booker.start();
    await invalidator.start();
    await waitForHttp(`${url}/readyz`, ingest, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    ingest,
    kafka,
    topics,
    databaseUrl,
    redis,
    keyPrefix,
    async countRows(bookingUid) {
      const rows = await orm.em
        .getConnection()
        .execute('select count(*) as n from appointments where booking_uid = ?', [bookingUid]);
      return Number((rows as { n: number }[])[0]?.n ?? 0);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await orm.em.getConnection().execute(sql, params)) as T[],
    ingestRss: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${ingest.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
    stop,
  };
}
