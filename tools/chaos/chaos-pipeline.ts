// The chaos suite's private pipeline: a scratch Kafka broker, or a scratch 3-node cluster with
// `brokers: 3` (own ports and data dirs), a private
// database on the shared MariaDB and the shared Redis, each behind a TCP proxy the suite can cut,
// and the three services as supervised child processes (restarted with backoff like npm start
// does) on free ports. Only the schema registry is shared, as it is for every test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisClient } from '@booking/shared/cache';
import { createKafka, type Kafka } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createOrm, dropDatabase, ensureDatabase, type MikroORM, migrateUp } from '@booking/shared/orm';
import { freePort, startTcpProxy, type TcpProxy } from '@booking/shared/testing';
import { createScratchKafka, type ScratchKafka } from '../stack/kafka.ts';
import { createScratchKafkaCluster, type ScratchKafkaCluster } from '../stack/kafka-cluster.ts';
import { DEFAULT_RESTART_POLICY } from '../start/restart-policy.ts';
import { Supervisor } from '../start/supervisor.ts';

export interface ChaosStack {
  registry: string;
  mariadb: { host: string; port: number };
  redis: { host: string; port: number };
}

export const CHAOS_KEYS = { calcomSecret: 'chaos-calcom-secret', retellKey: 'chaos-retell-key' };
export const CRASH_POINT_FILE = 'crash-before-offset-commit';

export interface ChaosPipeline {
  dir: string;
  /** The broker, or the whole cluster (start, stop, signal every node). */
  kafka: ScratchKafka;
  /** With `brokers` > 1: each node, to stop, kill, pause or restart one. */
  cluster?: ScratchKafkaCluster;
  client: Kafka;
  orm: MikroORM;
  redis: ReturnType<typeof createRedisClient>;
  dbProxy: TcpProxy;
  redisProxy: TcpProxy;
  supervisor: Supervisor;
  urls: { ingest: string; booker: string; invalidator: string };
  /** The booker environment, for a second booker in the same group (give it another port). */
  bookerEnv: NodeJS.ProcessEnv;
  groups: { booker: string; invalidator: string };
  log: string[];
  /** Adds a timestamped step of a scenario (a node stopped, started, ISR full) to the log. */
  note(what: string): void;
  stop(): Promise<void>;
}

async function scratchBrokers(dir: string, brokers: number): Promise<{ kafka: ScratchKafka; cluster?: ScratchKafkaCluster }> {
  if (brokers <= 1) {
    return { kafka: createScratchKafka({ port: await freePort(), controllerPort: await freePort(), dir: join(dir, 'kafka') }) };
  }
  const layouts = [];
  for (let id = 1; id <= brokers; id++) {
    layouts.push({ id, port: await freePort(), controllerPort: await freePort(), dir: join(dir, `kafka-${id}`) });
  }
  const cluster = createScratchKafkaCluster(layouts);
  const signal = (s: NodeJS.Signals) => {
    for (const node of cluster.nodes) node.signal(s);
  };
  return { kafka: { brokers: cluster.brokers, start: cluster.start, stop: cluster.stop, signal }, cluster };
}

export async function startChaosPipeline(
  stack: ChaosStack,
  options: { verbose?: boolean; brokers?: number } = {},
): Promise<ChaosPipeline> {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  const { kafka, cluster } = await scratchBrokers(dir, options.brokers ?? 1);
  const database = `chaos_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const direct = `mysql://root@${stack.mariadb.host}:${stack.mariadb.port}/${database}`;
  const dbProxy = await startTcpProxy(stack.mariadb);
  const redisProxy = await startTcpProxy(stack.redis);
  const log: string[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.push(
    () => dbProxy.close(),
    () => redisProxy.close(),
  );
  try {
    await kafka.start();
    cleanups.push(() => kafka.stop());
    await ensureDatabase(direct);
    cleanups.push(() => dropDatabase(direct));
    const orm = await createOrm({ databaseUrl: direct });
    cleanups.push(() => orm.close());
    await migrateUp(orm);
    const redis = createRedisClient(`redis://${stack.redis.host}:${stack.redis.port}/0`, { connectionName: 'chaos' });
    cleanups.push(async () => redis.disconnect());
    const client = createKafka({
      brokers: kafka.brokers,
      clientId: 'chaos',
      logger: createLogger({ name: 'chaos', level: 'fatal' }),
    });
    const [ingestPort, bookerPort, invalidatorPort] = [await freePort(), await freePort(), await freePort()];
    const groups = { booker: 'booker', invalidator: 'cache-invalidator' };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_REPLICATION_FACTOR: String(Math.min(3, options.brokers ?? 1)),
      SCHEMA_REGISTRY_URL: stack.registry,
      DATABASE_URL: `mysql://root@127.0.0.1:${dbProxy.port}/${database}`,
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}/0`,
      CALCOM_WEBHOOK_SECRETS: CHAOS_KEYS.calcomSecret,
      RETELL_API_KEY: CHAOS_KEYS.retellKey,
      INGEST_HOST: '127.0.0.1',
      INGEST_PORT: String(ingestPort),
      INGEST_SPOOL_DIR: join(dir, 'spool'),
      BOOKER_PORT: String(bookerPort),
      INVALIDATOR_PORT: String(invalidatorPort),
      SHUTDOWN_GRACE_MS: '15000',
    };
    const bookerEnv = { ...env, CHAOS_CRASH_POINT: join(dir, CRASH_POINT_FILE) };
    const supervisor = new Supervisor({
      services: [
        { name: 'ingest', env },
        { name: 'booker', env: bookerEnv },
        { name: 'cache-invalidator', env },
      ],
      policy: { ...DEFAULT_RESTART_POLICY, baseDelayMs: 200, maxDelayMs: 2000, maxRestarts: 20 },
      onLine: (service, line) => {
        if (options.verbose) process.stderr.write(`${service} | ${line}\n`);
      },
      log: (service, message) => {
        log.push(`${new Date().toISOString()} ${service}: ${message}`);
        if (options.verbose) process.stderr.write(`${service} | ${message}\n`);
      },
    });
    supervisor.start();
    cleanups.push(() => supervisor.stop());
    return {
      dir,
      kafka,
      cluster,
      client,
      orm,
      redis,
      dbProxy,
      redisProxy,
      supervisor,
      urls: {
        ingest: `http://127.0.0.1:${ingestPort}`,
        booker: `http://127.0.0.1:${bookerPort}`,
        invalidator: `http://127.0.0.1:${invalidatorPort}`,
      },
      bookerEnv,
      groups,
      log,
      note: (what) => {
        log.push(`${new Date().toISOString()} chaos: ${what}`);
        if (options.verbose) process.stderr.write(`chaos | ${what}\n`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
