// `replay rebuild` (the shadow rebuild) as a command: config, clients, progress lines, report.
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity, TOPICS } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { describePlan, planRebuild } from './plan.ts';
import { shadowRebuild } from './shadow-rebuild.ts';

export async function runShadow(options: { keepReplaced: boolean; dryRun: boolean }): Promise<number> {
  const config = loadConfig(bookerSchema, process.env);
  const logger = createLogger({ name: 'replay', level: 'warn' });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'replay', logger, security: kafkaSecurity(config) });
  const topics = { calcom: TOPICS.calcom, retell: TOPICS.retell };
  if (options.dryRun) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      console.log(describePlan(await planRebuild(admin, '(none: shadow table)', [topics.calcom, topics.retell])));
    } finally {
      await admin.disconnect();
    }
    console.log('dry run: nothing read or written');
    return 0;
  }
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL });
  const t0 = performance.now();
  const at = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  try {
    const report = await shadowRebuild(
      { kafka, schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)), orm, topics },
      { keepReplaced: options.keepReplaced, onPhase: (phase) => console.log(`[${at()}] ${phase}`) },
    );
    console.log(
      `rebuild done: ${report.records} record(s) -> ${report.rows} row(s), swapped after ${report.secondsToSwap.toFixed(1)} s ` +
        `(${Math.round(report.rows / report.secondsToSwap)} bookings/s); ${report.delta} record(s) arrived during the load, ` +
        `${report.caughtUp} were applied after the swap; ${report.invalid} invalid (dead-lettered by the booker)` +
        (options.keepReplaced ? '; the old table is appointments_replaced' : ''),
    );
    return 0;
  } finally {
    await orm.close();
  }
}
