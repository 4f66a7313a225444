// The booker process's wiring, once: config, clients, buildApp, shutdown. `main.ts` runs it as
// is; the chaos suite's crash-point booker runs the same wiring with one extra hook, so the two
// cannot drift apart.
import { readFileSync } from 'node:fs';
import { bookerSchema } from '@booking/shared/config';
import { createServiceKafka } from '@booking/shared/kafka';
import { exitOnFatal, exitOnStartupFailure, installShutdown, loadServiceConfig, stopInOrder } from '@booking/shared/lifecycle';
import type { Logger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { startTracing } from '@booking/shared/tracing';
import { type BookerDeps, buildApp } from './app.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * What a caller may add to the production wiring (the chaos suite's crash point), made from the
 * process's logger. The invalidator's `InvalidatorExtras` has the same shape.
 */
export type BookerExtras = (logger: Logger) => Partial<Pick<BookerDeps, 'beforeOffsetCommit'>>;

export async function runBooker(extras?: BookerExtras): Promise<void> {
  const { config, logger } = loadServiceConfig(bookerSchema, 'booker');
  try {
    const tracing = await startTracing(config, { serviceName: 'booker', version, logger });
    // one transaction at a time (a group of batches), one for the ledger prune and the probe
    const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolMax: 2 });
    const kafka = createServiceKafka(config, 'booker', logger);
    const app = buildApp(config, {
      kafka: kafka.keepTrying,
      probeKafka: kafka.failFast,
      schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
      orm,
      logger,
      metricsRegistry: createMetricsRegistry({ service: 'booker', version, revision: config.GIT_REVISION }),
      topics: {
        calcom: config.BOOKER_TOPIC_CALCOM,
        retell: config.BOOKER_TOPIC_RETELL,
        changes: config.BOOKER_TOPIC_CHANGES,
        dlq: config.BOOKER_TOPIC_DLQ,
      },
      onFatal: exitOnFatal(logger),
      ...extras?.(logger),
    });
    const stop = stopInOrder(
      () => app.stop(),
      () => orm.close(),
      () => tracing.shutdown(),
    );
    installShutdown({ graceMs: config.SHUTDOWN_GRACE_MS, logger, stop });
    await app.start();
  } catch (error) {
    exitOnStartupFailure(logger, error);
  }
}
