// `replay rebuild` (the shadow rebuild) as a command: config, clients, progress lines, report.
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { EXIT } from '../lib/exit-codes.ts';
import { bookerTopicsOf } from '../lib/topics.ts';
import { describePlan, planRebuild, planToJson } from './plan.ts';
import { shadowRebuild } from './shadow-rebuild.ts';

export async function runShadow(options: { keepReplaced: boolean; dryRun: boolean; json: boolean }): Promise<number> {
  const config = loadConfig(bookerSchema, process.env);
  const logger = createLogger({ name: 'replay', level: 'warn' });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'replay', logger, security: kafkaSecurity(config) });
  const { calcom, retell } = bookerTopicsOf(config);
  const topics = { calcom, retell };
  if (options.dryRun) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const plan = await planRebuild(admin, '(none: shadow table)', [topics.calcom, topics.retell]);
      if (options.json) console.log(JSON.stringify({ ...planToJson(plan), dryRun: true }, null, 2));
      else console.log(`${describePlan(plan)}\ndry run: nothing read or written`);
    } finally {
      await admin.disconnect();
    }
    return EXIT.ok;
  }
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL });
  const t0 = performance.now();
  const at = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  try {
    const report = await shadowRebuild(
      { kafka, schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)), orm, topics },
      { keepReplaced: options.keepReplaced, onPhase: (phase) => options.json || console.log(`[${at()}] ${phase}`) },
    );
    if (options.json) {
      console.log(JSON.stringify({ ...report, dryRun: false, keptReplaced: options.keepReplaced }, null, 2));
      return EXIT.ok;
    }
    console.log(
      `rebuild done: ${report.records} record(s) -> ${report.rows} row(s), swapped after ${report.secondsToSwap.toFixed(1)} s ` +
        `(${Math.round(report.rows / report.secondsToSwap)} bookings/s, compared with the fold by ${report.compared}); ${report.delta} record(s) arrived during the load, ` +
        `${report.caughtUp} were applied after the swap; ${report.invalid} invalid (dead-lettered by the booker)` +
        (options.keepReplaced ? '; the old table is appointments_replaced' : ''),
    );
    return EXIT.ok;
  } finally {
    await orm.close();
  }
}
