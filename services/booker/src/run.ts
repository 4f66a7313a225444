// The booker process's wiring, once: config, clients, buildApp, shutdown. `main.ts` runs it as
// is; the chaos suite's crash-point booker runs the same wiring with one extra hook, so the two
// cannot drift apart.
import { readFileSync } from 'node:fs';
import { type BookerConfig, bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity } from '@booking/shared/kafka';
import { exitOnFatal, exitOnStartupFailure, installShutdown } from '@booking/shared/lifecycle';
import { createLogger, type Logger } from '@booking/shared/logger';
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
  const bootLogger = createLogger({ name: 'booker', level: 'info' });
  let config: Readonly<BookerConfig>;
  try {
    config = loadConfig(bookerSchema, process.env);
  } catch (error) {
    exitOnStartupFailure(bootLogger, error);
  }
  const logger = createLogger({ name: 'booker', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  try {
    const tracing = await startTracing(config, { serviceName: 'booker', version, logger });
    // one transaction at a time (a group of batches), one for the ledger prune and the probe
    const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolMax: 2 });
    const kafkaOptions = {
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? 'booker',
      logger,
      security: kafkaSecurity(config),
    };
    const app = buildApp(config, {
      kafka: createKafka({ ...kafkaOptions, retry: 'keepTrying' }),
      probeKafka: createKafka({ ...kafkaOptions, retry: 'failFast' }),
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
    installShutdown({
      graceMs: config.SHUTDOWN_GRACE_MS,
      logger,
      stop: async () => {
        await app.stop();
        await orm.close();
        await tracing.shutdown();
      },
    });
    await app.start();
  } catch (error) {
    exitOnStartupFailure(logger, error);
  }
}
