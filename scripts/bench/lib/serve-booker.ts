// Bench entry point of the booker: main.ts's wiring, on the topics and group of BENCH_TOPICS /
// BENCH_GROUP_ID (main.ts always uses the production names).
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka } from '@booking/shared/kafka';
import { installShutdown } from '@booking/shared/lifecycle';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry } from '@booking/shared/registry';
import { buildApp } from '../../../services/booker/src/app.ts';

const config = loadConfig(bookerSchema, process.env);
const logger = createLogger({ name: 'booker', level: config.LOG_LEVEL });
const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolMax: config.BOOKER_CONCURRENT_PARTITIONS + 1 });
const app = buildApp(config, {
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'bench-booker', logger }),
  registry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL),
  orm,
  logger,
  metricsRegistry: createMetricsRegistry({ service: 'booker', version: 'bench' }),
  topics: JSON.parse(process.env.BENCH_TOPICS ?? '{}'),
  groupId: process.env.BENCH_GROUP_ID,
  onFatal: () => process.exit(1),
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
