// The three services as the scenarios start them: each in its own process on throw-away topics
// (and, for the booker, a scratch database), on free ports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicVariables } from '@booking/shared/config';
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

interface ServiceOptions {
  partitions: number;
  profileDir?: string;
}

/** What the scenarios run for each service, and the variable that takes its port. */
const ENTRIES = {
  ingest: { entry: here('../../../services/ingest/src/main.ts'), portVariable: 'INGEST_PORT' },
  booker: { entry: here('../../../services/booker/src/main.ts'), portVariable: 'BOOKER_PORT' },
  // the invalidator's own wiring with a Redis key prefix
  invalidator: { entry: here('./serve-invalidator.ts'), portVariable: 'INVALIDATOR_PORT' },
};

/** One service's process on a free port and the bench's topics and partition count. */
async function startOnFreePort(
  name: keyof typeof ENTRIES,
  topics: Topics,
  env: Record<string, string>,
  options: ServiceOptions,
): Promise<Service> {
  const port = await freePort();
  const { entry, portVariable } = ENTRIES[name];
  return spawnService({
    name,
    entry,
    env: { [portVariable]: String(port), KAFKA_TOPIC_PARTITIONS: String(options.partitions), ...topicVariables(topics), ...env },
    port,
    profileDir: options.profileDir,
  });
}

export function startIngest(topics: Topics, options: ServiceOptions & { env?: Record<string, string> }): Promise<Service> {
  const env = {
    INGEST_HOST: '127.0.0.1',
    INGEST_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-spool-')),
    CALCOM_WEBHOOK_SECRETS: BENCH_SECRET,
    RETELL_API_KEY: 'bench',
    CALCOM_ALLOWED_TEAM_IDS: BENCH_TEAM_ID,
    ...options.env,
  };
  return startOnFreePort('ingest', topics, env, options);
}

/** The real booker (its main.ts) on the bench topics and a scratch database. */
export const startBooker = (topics: Topics, options: ServiceOptions & { databaseUrl: string; groupId: string }) =>
  startOnFreePort('booker', topics, { BOOKER_GROUP_ID: options.groupId, DATABASE_URL: options.databaseUrl }, options);

/** The cache invalidator on the bench topics with a Redis key prefix. */
export const startInvalidator = (topics: Topics, options: ServiceOptions & { keyPrefix: string; groupId: string }) =>
  startOnFreePort('invalidator', topics, { INVALIDATOR_GROUP_ID: options.groupId, BENCH_KEY_PREFIX: options.keyPrefix }, options);
