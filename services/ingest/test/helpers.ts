// Builds the whole ingest in-process against the real broker and registry, on unique topics
// and a temporary spool directory, and reads back what it produced.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EnvSource, ingestSchema, loadConfig } from '@booking/shared/config';
import { RECORD_HEADERS } from '@booking/shared/events';
import { createKafka, type Kafka, readTopicsToEnd } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry, type Registry } from '@booking/shared/metrics';
import { createSchemaRegistry, decodeAvro } from '@booking/shared/registry';
import { STACK, uniqueName } from '@booking/shared/testing';
import { buildApp, type IngestApp } from '../src/app.ts';

export const CALCOM_SECRET = 'calcom-test-secret';
export const RETELL_KEY = 'retell-test-key';
export const logger = createLogger({ level: 'silent', name: 'ingest-test' });
export const registry = createSchemaRegistry(STACK.schemaRegistryUrl);

export interface TestIngest {
  app: IngestApp;
  url: string;
  topics: { calcom: string; retell: string };
  metrics: Registry;
  spoolDir: string;
  kafka: Kafka;
  stop(): Promise<void>;
}

export interface TestIngestOptions {
  env?: EnvSource;
  brokers?: string[];
  now?: () => number;
  spoolDir?: string;
  topics?: { calcom: string; retell: string };
}

export async function startTestIngest(options: TestIngestOptions = {}): Promise<TestIngest> {
  const spoolDir = options.spoolDir ?? mkdtempSync(join(tmpdir(), 'ingest-spool-'));
  const brokers = options.brokers ?? [...STACK.kafkaBrokers];
  const topics = options.topics ?? { calcom: uniqueName('t-ingest-calcom'), retell: uniqueName('t-ingest-retell') };
  const config = loadConfig(ingestSchema, {
    INGEST_TOPIC_CALCOM: topics.calcom,
    INGEST_TOPIC_RETELL: topics.retell,
    KAFKA_BROKERS: brokers.join(','),
    SCHEMA_REGISTRY_URL: STACK.schemaRegistryUrl,
    KAFKA_TOPIC_PARTITIONS: '2',
    CALCOM_WEBHOOK_SECRETS: `other-subscription-secret,${CALCOM_SECRET}`,
    RETELL_API_KEY: RETELL_KEY,
    INGEST_SPOOL_DIR: spoolDir,
    INGEST_HOST: '127.0.0.1',
    ...options.env,
  });
  const kafka = createKafka({ brokers, clientId: 'ingest-test', logger, retry: 'keepTrying' });
  const requestKafka = createKafka({ brokers, clientId: 'ingest-test', logger, retry: 'failFast' });
  const metrics = createMetricsRegistry({ service: 'ingest', version: 'test' });
  const app = buildApp(
    { ...config, INGEST_PORT: 0 },
    {
      kafka,
      requestKafka,
      schemaRegistry: registry,
      logger,
      metricsRegistry: metrics,
      now: options.now,
      drainBackoffMs: { initial: 100, max: 500 },
    },
  );
  await app.start();
  return {
    app,
    url: `http://127.0.0.1:${app.port()}`,
    topics,
    metrics,
    spoolDir,
    kafka,
    async stop() {
      await app.stop();
      if (!options.spoolDir) rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

export interface ProducedRecord<T> {
  key: string | null;
  value: T;
  headers: Record<string, string>;
}

/** Everything on the topic right now, decoded through the registry. */
export async function readTopic<T>(kafka: Kafka, topic: string): Promise<ProducedRecord<T>[]> {
  const raw: { key: string | null; value: Buffer | null; headers: Record<string, string> }[] = [];
  await readTopicsToEnd(kafka, { topics: [topic], onRecord: (r) => void raw.push(r), timeoutMs: 30_000 });
  return Promise.all(raw.map(async (r) => ({ key: r.key, headers: r.headers, value: await decodeAvro<T>(registry, r.value) })));
}

export function post(url: string, body: string | Buffer, headers: Record<string, string>) {
  return fetch(url, { method: 'POST', body, headers }).then(async (res) => ({
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown>,
  }));
}

export const HEADER_NAMES = RECORD_HEADERS;
