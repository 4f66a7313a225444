// The chaos suite's private pipeline: a scratch Kafka broker (own ports and data dir), a private
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
  kafka: ScratchKafka;
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
  stop(): Promise<void>;
}

export async function startChaosPipeline(stack: ChaosStack, options: { verbose?: boolean } = {}): Promise<ChaosPipeline> {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  const kafka = createScratchKafka({ port: await freePort(), controllerPort: await freePort(), dir: join(dir, 'kafka') });
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
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
