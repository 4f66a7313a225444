// The invalidator process's wiring, once: config, clients, buildApp, shutdown. `main.ts` runs it
// as is; the benchmark runs the same wiring with a Redis key prefix, so the two cannot drift.
import { readFileSync } from 'node:fs';
import { closeRedisClient, createRedisClient } from '@booking/shared/cache';
import { invalidatorSchema, redisTarget } from '@booking/shared/config';
import { createServiceKafka } from '@booking/shared/kafka';
import { exitOnFatal, exitOnStartupFailure, installShutdown, loadServiceConfig, stopInOrder } from '@booking/shared/lifecycle';
import type { Logger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { startTracing } from '@booking/shared/tracing';
import { buildApp, type InvalidatorDeps } from './app.ts';

const NAME = 'cache-invalidator';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * What a caller may add to the production wiring (the benchmark's key prefix and host), made
 * from the process's logger. The booker's `BookerExtras` has the same shape.
 */
export type InvalidatorExtras = (logger: Logger) => Partial<Pick<InvalidatorDeps, 'keyPrefix' | 'host'>>;

export async function runInvalidator(extras?: InvalidatorExtras): Promise<void> {
  const { config, logger } = loadServiceConfig(invalidatorSchema, NAME);
  try {
    const tracing = await startTracing(config, { serviceName: NAME, version, logger });
    const kafka = createServiceKafka(config, NAME, logger);
    const redis = createRedisClient(redisTarget(config), { connectionName: NAME });
    const app = buildApp(config, {
      kafka: kafka.keepTrying,
      probeKafka: kafka.failFast,
      redis,
      schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
      logger,
      metricsRegistry: createMetricsRegistry({ service: 'cache_invalidator', version, revision: config.GIT_REVISION }),
      topics: { changes: config.INVALIDATOR_TOPIC_CHANGES, dlq: config.INVALIDATOR_TOPIC_DLQ },
      onFatal: exitOnFatal(logger),
      ...extras?.(logger),
    });
    // the app first (its last batch still needs Redis), then the client this file created
    const stop = stopInOrder(
      () => app.stop(),
      () => closeRedisClient(redis),
      () => tracing.shutdown(),
    );
    installShutdown({ graceMs: config.SHUTDOWN_GRACE_MS, logger, stop });
    await app.start().catch((error: unknown) => exitOnStartupFailure(logger, error));
  } catch (error) {
    exitOnStartupFailure(logger, error);
  }
}
