// npm run replay -- rebuild [--since <ISO time>] [--dry-run] [--group <id>]
//   Re-consumes bookings.calcom and bookings.retell (from the beginning, or from the first
//   record at/after --since) into MariaDB with the booker's own code, then exits. Refuses to
//   move the offsets of a group with running members and names them. Follow with `npm run verify`.
// npm run replay -- dlq [--source-topic T] [--error-class C] [--since ISO] [--until ISO] [--dry-run]
//   Re-publishes dead letters to their source topic (same as `npm run dlq -- redrive`).
import { parseArgs } from 'node:util';
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity, TOPICS } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { describePlan, progressLine } from './replay/plan.ts';
import { GroupRunningError, rebuild } from './replay/rebuild.ts';

const what = process.argv[2];
if (what === 'dlq') {
  process.argv.splice(2, 1, 'redrive');
  await import('./dlq.ts');
} else if (what === 'rebuild') {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { since: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, group: { type: 'string' } },
  });
  const since = values.since === undefined ? undefined : Date.parse(values.since);
  if (since !== undefined && Number.isNaN(since)) {
    console.error(`--since must be an ISO date-time, got "${values.since}"`);
    process.exit(2);
  }
  const config = loadConfig(bookerSchema, process.env);
  const logger = createLogger({ name: 'replay', level: 'warn' });
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL });
  const started = Date.now();
  let lastPrint = 0;
  try {
    const plan = await rebuild(
      {
        kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'replay', logger, security: kafkaSecurity(config) }),
        registry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
        orm,
        logger,
        config,
        topics: { calcom: TOPICS.calcom, retell: TOPICS.retell, changes: TOPICS.changes, dlq: TOPICS.dlq },
      },
      {
        group: values.group ?? config.BOOKER_GROUP_ID,
        since,
        dryRun: values['dry-run'],
        onPlan: (p) => console.log(describePlan(p)),
        onProgress: (done, left) => {
          if (Date.now() - lastPrint < 1000 && left > 0n) return;
          lastPrint = Date.now();
          console.log(progressLine(done, left, Date.now() - started));
        },
      },
    );
    const seconds = (Date.now() - started) / 1000;
    if (values['dry-run']) console.log('dry run: no offsets moved, nothing applied');
    else
      console.log(
        `rebuild done: ${plan.records} record(s) in ${seconds.toFixed(1)} s (${Math.round(Number(plan.records) / seconds)} records/s); now run npm run verify`,
      );
  } catch (error) {
    if (error instanceof GroupRunningError) {
      console.error(error.message);
      process.exitCode = 3;
    } else throw error;
  } finally {
    await orm.close();
  }
} else {
  console.error('usage: npm run replay -- rebuild [--since ISO] [--dry-run] [--group ID] | dlq [filters] [--dry-run]');
  process.exit(2);
}
