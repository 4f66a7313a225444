// Wiring only: config, clients, buildApp, shutdown. No logic beyond fatal exits.
import { readFileSync } from 'node:fs';
import { ingestSchema } from '@booking/shared/config';
import { createServiceKafka } from '@booking/shared/kafka';
import { exitOnStartupFailure, installShutdown, loadServiceConfig, stopInOrder } from '@booking/shared/lifecycle';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { startTracing } from '@booking/shared/tracing';
import { buildApp } from './app.ts';
import { startupWarnings } from './config.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const { config, logger } = loadServiceConfig(ingestSchema, 'ingest');
const tracing = await startTracing(config, { serviceName: 'ingest', version, logger });
for (const warning of startupWarnings(config)) logger.warn({ variable: warning.variable }, warning.message);

const kafka = createServiceKafka(config, 'ingest', logger);
const app = buildApp(config, {
  kafka: kafka.keepTrying,
  requestKafka: kafka.failFast,
  schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
  logger,
  metricsRegistry: createMetricsRegistry({ service: 'ingest', version, revision: config.GIT_REVISION }),
});
installShutdown({
  graceMs: config.SHUTDOWN_GRACE_MS,
  logger,
  stop: stopInOrder(
    () => app.stop(),
    () => tracing.shutdown(),
  ),
});
await app.start().catch((error: unknown) => exitOnStartupFailure(logger, error));
