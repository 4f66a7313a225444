// Bench entry point of the cache invalidator: main.ts's wiring plus the one thing main.ts has no
// variable for, a Redis key prefix (BENCH_KEY_PREFIX), so that a run never touches real keys or
// publishes on the real cache:invalidations channel.
import { closeRedisClient, createRedisClient } from '@booking/shared/cache';
import { invalidatorSchema, loadConfig } from '@booking/shared/config';
import { createKafka } from '@booking/shared/kafka';
import { installShutdown } from '@booking/shared/lifecycle';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createSchemaRegistry } from '@booking/shared/registry';
import { buildApp } from '../../../services/cache-invalidator/src/app.ts';

const config = loadConfig(invalidatorSchema, process.env);
const logger = createLogger({ name: 'cache-invalidator', level: config.LOG_LEVEL });
const redis = createRedisClient(config.REDIS_URL, { connectionName: 'bench-invalidator' });
const app = buildApp(config, {
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'bench-invalidator', logger, retry: 'keepTrying' }),
  redis,
  schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL),
  logger,
  metricsRegistry: createMetricsRegistry({ service: 'cache_invalidator', version: 'bench' }),
  topics: { changes: config.INVALIDATOR_TOPIC_CHANGES, dlq: config.INVALIDATOR_TOPIC_DLQ },
  keyPrefix: process.env.BENCH_KEY_PREFIX,
  host: '127.0.0.1',
  onFatal: () => process.exit(1),
});
installShutdown({
  graceMs: config.SHUTDOWN_GRACE_MS,
  logger,
  stop: async () => {
    await app.stop();
    await closeRedisClient(redis);
  },
});
await app.start();
