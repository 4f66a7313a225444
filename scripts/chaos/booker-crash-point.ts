// The real booker (same wiring as services/booker/src/main.ts) with one crash point for the
// chaos suite: when the file named by CHAOS_CRASH_POINT exists, the first batch that reaches
// "DB committed and changes produced, offsets not yet committed" removes the file and SIGKILLs
// its own process there — the worst moment for exactly-once.
import { existsSync, rmSync } from 'node:fs';
import { buildApp } from '@booking/booker';
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka } from '@booking/shared/kafka';
import { exitOnStartupFailure, installShutdown } from '@booking/shared/lifecycle';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry } from '@booking/shared/registry';

const crashPoint = process.env.CHAOS_CRASH_POINT;
const config = loadConfig(bookerSchema, process.env);
const logger = createLogger({ name: 'booker', level: config.LOG_LEVEL });
try {
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL });
  const app = buildApp(config, {
    kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'booker-crash-point', logger }),
    schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL),
    orm,
    logger,
    metricsRegistry: createMetricsRegistry({ service: 'booker', version: 'chaos' }),
    onFatal: () => process.exit(1),
    beforeOffsetCommit: async (result) => {
      if (!crashPoint || result.outcomes.length === 0 || !existsSync(crashPoint)) return;
      rmSync(crashPoint, { force: true });
      logger.warn({ outcomes: result.outcomes.length }, 'chaos: killed between the DB commit and the offset commit');
      process.kill(process.pid, 'SIGKILL');
    },
  });
  installShutdown({
    graceMs: config.SHUTDOWN_GRACE_MS,
    logger,
    stop: async () => {
      await app.stop();
      await orm.close();
    },
  });
  await app.start();
} catch (error) {
  exitOnStartupFailure(logger, error);
}
