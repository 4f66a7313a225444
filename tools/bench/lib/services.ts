// The three services as the scenarios start them: each in its own process on throw-away topics
// (and, for the booker, a scratch database), on free ports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@booking/shared/testing';
import type { benchTopics } from './kafka.ts';
import { type Service, spawnService } from './processes.ts';
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

/** The real booker (its main.ts) on the bench topics and a scratch database. */
export async function startBooker(
  topics: Topics,
  options: { partitions: number; databaseUrl: string; groupId: string; profileDir?: string },
): Promise<Service> {
  const port = await freePort();
  return spawnService({
    name: 'booker',
    entry: here('../../../services/booker/src/main.ts'),
    env: {
      BOOKER_PORT: String(port),
      BOOKER_GROUP_ID: options.groupId,
      BOOKER_TOPIC_CALCOM: topics.calcom,
      BOOKER_TOPIC_RETELL: topics.retell,
      BOOKER_TOPIC_CHANGES: topics.changes,
      BOOKER_TOPIC_DLQ: topics.dlq,
      KAFKA_TOPIC_PARTITIONS: String(options.partitions),
      DATABASE_URL: options.databaseUrl,
    },
    port,
    profileDir: options.profileDir,
  });
}

/** The cache invalidator on the bench topics with a Redis key prefix (./serve-invalidator.ts). */
export async function startInvalidator(
  topics: Topics,
  options: { partitions: number; keyPrefix: string; groupId: string; profileDir?: string },
): Promise<Service> {
  const port = await freePort();
  return spawnService({
    name: 'invalidator',
    entry: here('./serve-invalidator.ts'),
    env: {
      INVALIDATOR_PORT: String(port),
      INVALIDATOR_GROUP_ID: options.groupId,
      INVALIDATOR_TOPIC_CHANGES: topics.changes,
      INVALIDATOR_TOPIC_DLQ: topics.dlq,
      BENCH_KEY_PREFIX: options.keyPrefix,
      KAFKA_TOPIC_PARTITIONS: String(options.partitions),
    },
    port,
    profileDir: options.profileDir,
  });
}
