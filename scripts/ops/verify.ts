// npm run verify: proves the database matches the source topics. Reads bookings.calcom and
// bookings.retell to their end, folds every record with the booker's merge rules, compares the
// result with MariaDB column by column, prints each mismatch (UID, column, expected, actual)
// and exits 1 on any. Read-only.
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity, TOPICS } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { runVerify } from './verify/run-verify.ts';

const SHOWN = 50;
const started = Date.now();
const config = loadConfig(bookerSchema, process.env);
const logger = createLogger({ name: 'verify', level: 'warn' });
const orm = await createOrm({ databaseUrl: config.DATABASE_URL });
try {
  const report = await runVerify({
    kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'verify', logger, security: kafkaSecurity(config) }),
    registry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
    orm,
    topics: { calcom: TOPICS.calcom, retell: TOPICS.retell },
  });
  for (const topic of report.missingTopics) console.log(`topic ${topic} does not exist: nothing to read from it`);
  for (const m of report.mismatches.slice(0, SHOWN))
    console.log(`${m.bookingUid}\t${m.column}\texpected ${m.expected}\tactual ${m.actual}`);
  if (report.mismatches.length > SHOWN) console.log(`… and ${report.mismatches.length - SHOWN} more`);
  const verdict = report.mismatches.length === 0 ? 'no mismatch' : `${report.mismatches.length} mismatch(es)`;
  console.log(
    `${report.records} record(s) read (${report.invalid} invalid, left to the DLQ), ${report.expected} appointment(s) expected, ` +
      `${report.actual} in the database: ${verdict} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exitCode = report.mismatches.length === 0 ? 0 : 1;
} finally {
  await orm.close();
}
