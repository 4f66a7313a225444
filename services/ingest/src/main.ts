// Wiring only: config, clients, buildApp, shutdown. No logic beyond fatal exits.
import { readFileSync } from 'node:fs';
import { type IngestConfig, ingestSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity } from '@booking/shared/kafka';
import { exitOnStartupFailure, installShutdown } from '@booking/shared/lifecycle';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { startTracing } from '@booking/shared/tracing';
import { buildApp } from './app.ts';
import { startupWarnings } from './config.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const bootLogger = createLogger({ level: 'info', name: 'ingest' });
let config: Readonly<IngestConfig>;
try {
  config = loadConfig(ingestSchema, process.env);
} catch (error) {
  exitOnStartupFailure(bootLogger, error);
}
const logger = createLogger({ level: config.LOG_LEVEL, name: 'ingest', pretty: config.LOG_PRETTY });
const tracing = await startTracing(config, { serviceName: 'ingest', version, logger });
for (const warning of startupWarnings(config)) logger.warn({ variable: warning.variable }, warning.message);

const kafkaOptions = {
  brokers: config.KAFKA_BROKERS,
  clientId: config.KAFKA_CLIENT_ID ?? 'ingest',
  logger,
  security: kafkaSecurity(config),
};
const app = buildApp(config, {
  kafka: createKafka({ ...kafkaOptions, retry: 'keepTrying' }),
  requestKafka: createKafka({ ...kafkaOptions, retry: 'failFast' }),
  schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
  logger,
  metricsRegistry: createMetricsRegistry({ service: 'ingest', version, revision: config.GIT_REVISION }),
});
installShutdown({ graceMs: config.SHUTDOWN_GRACE_MS, logger, stop: () => app.stop().finally(() => tracing.shutdown()) });
await app.start().catch((error: unknown) => exitOnStartupFailure(logger, error));
