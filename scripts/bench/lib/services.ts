// The three services as the scenarios start them: each in its own process on throw-away topics
// (and, for the booker, a scratch database), on free ports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { benchTopics } from './kafka.ts';
import { freePort, type Service, spawnService } from './processes.ts';
import { BARE_HMAC_SERVER, BENCH_SECRET, BENCH_TEAM_ID } from './webhooks.ts';

const here = (path: string) => new URL(path, import.meta.url).pathname;
type Topics = ReturnType<typeof benchTopics>;

export async function startBareServer(profileDir?: string): Promise<Service> {
  const port = await freePort();
  return spawnService({
    name: 'bare-http',
    entry: { source: BARE_HMAC_SERVER },
    env: { PORT: String(port), SECRET: BENCH_SECRET },
    port,
    profileDir,
    readyPath: '/healthz',
  });
}

export async function startIngest(
  topics: Topics,
  options: { partitions: number; profileDir?: string; env?: Record<string, string> },
): Promise<Service> {
  const port = await freePort();
  return spawnService({
    name: 'ingest',
    entry: here('../../../services/ingest/src/main.ts'),
    env: {
      INGEST_PORT: String(port),
      INGEST_HOST: '127.0.0.1',
      INGEST_TOPIC_CALCOM: topics.calcom,
      INGEST_TOPIC_RETELL: topics.retell,
      INGEST_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-spool-')),
      CALCOM_WEBHOOK_SECRETS: BENCH_SECRET,
      RETELL_API_KEY: 'bench',
      CALCOM_ALLOWED_TEAM_IDS: BENCH_TEAM_ID,
      KAFKA_TOPIC_PARTITIONS: String(options.partitions),
      ...options.env,
    },
    port,
    profileDir: options.profileDir,
  });
}

/** booker / cache-invalidator on the bench topics, through the bench entry points in ./serve-*.ts */
export async function startConsumer(
  which: 'booker' | 'invalidator',
  topics: Topics,
  options: { partitions: number; databaseUrl?: string; keyPrefix?: string; groupId: string; profileDir?: string },
): Promise<Service> {
  const port = await freePort();
  return spawnService({
    name: which,
    entry: here(`./serve-${which}.ts`),
    env: {
      BENCH_TOPICS: JSON.stringify(topics),
      BENCH_GROUP_ID: options.groupId,
      BENCH_KEY_PREFIX: options.keyPrefix ?? '',
      KAFKA_TOPIC_PARTITIONS: String(options.partitions),
      ...(which === 'booker' ? { BOOKER_PORT: String(port) } : { INVALIDATOR_PORT: String(port) }),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    },
    port,
    profileDir: options.profileDir,
  });
}
