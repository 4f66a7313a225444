import { createRedisClient } from '@booking/shared/cache';
import { invalidatorSchema, loadConfig } from '@booking/shared/config';
import { createKafka } from '@booking/shared/kafka';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createSchemaRegistry } from '@booking/shared/registry';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';

// Nothing here connects: the clients are lazy until start().
function unstartedApp() {
  const logger = pino({ level: 'silent' });
  const kafka = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'unit', logger });
  return buildApp(
    {
      ...loadConfig(invalidatorSchema, { SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1' }),
      INVALIDATOR_PORT: 1,
      INVALIDATOR_GROUP_ID: 'unit',
      KAFKA_TOPIC_PARTITIONS: 1,
      KAFKA_REPLICATION_FACTOR: 1,
    },
    {
      kafka,
      redis: createRedisClient('redis://127.0.0.1:1/0'),
      schemaRegistry: createSchemaRegistry('http://127.0.0.1:1'),
      logger,
      metricsRegistry: createMetricsRegistry({ service: 'cache_invalidator', version: 'unit' }),
    },
  );
}

describe('cache invalidator app', () => {
  it('when stop is called before start, and twice, then it resolves without touching any client', async () => {
    const app = unstartedApp();

    await app.stop();
    await app.stop();

    expect(app.readiness()).toBe('not started');
    expect(app.port()).toBeUndefined();
  });
});
