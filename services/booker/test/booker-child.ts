// A booker process for the crash test: topics, group and database from the environment, and
// with BOOKER_TEST_BLOCK_BEFORE_COMMIT=1 it prints "produced" after the DB commit and the
// produce, then never lets the offset commit happen (the parent SIGKILLs it there).
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka } from '@booking/shared/kafka';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry } from '@booking/shared/registry';
import { buildApp } from '../src/app.ts';
import { logger } from './helpers.ts';

const config = { ...loadConfig(bookerSchema, process.env), BOOKER_PORT: 0 } as const;
const orm = await createOrm({ databaseUrl: config.DATABASE_URL });
const block = process.env.BOOKER_TEST_BLOCK_BEFORE_COMMIT === '1';
const app = buildApp(config, {
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'booker-child', logger }),
  schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL),
  orm,
  logger,
  metricsRegistry: createMetricsRegistry({ service: 'booker', version: 'test' }),
  topics: JSON.parse(process.env.BOOKER_TEST_TOPICS ?? '{}'),
  beforeOffsetCommit: async (result) => {
    if (result.outcomes.length === 0) return;
    process.stdout.write(`${JSON.stringify({ batch: result.outcomes.map((o) => o.outcome), changes: result.changes.length })}\n`);
    if (block) await new Promise(() => {});
  },
});
await app.start();
process.stdout.write('started\n');
