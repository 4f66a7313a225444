// npm run verify [-- --json]: proves the database matches the source topics. Reads
// bookings.calcom and bookings.retell to their end, folds every record with the booker's merge
// rules, compares the result with MariaDB column by column and prints each mismatch (UID,
// column, expected, actual). Read-only. Exit 0 = no mismatch, 1 = mismatches, 2 = bad
// arguments, 4 = could not check (Kafka, registry or MariaDB unreachable): lib/exit-codes.ts.
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { type CommandSpec, createProgress, runCommand } from './lib/cli.ts';
import { commandExits, EXIT } from './lib/exit-codes.ts';
import { bookerTopicsOf } from './lib/topics.ts';
import { runVerify } from './verify/run-verify.ts';

const SHOWN = 50;
const spec: CommandSpec = {
  name: 'verify',
  summary: 'Prove that MariaDB holds what the source topics imply (read-only).',
  usage: 'npm run verify -- [--json]',
  options: { json: { type: 'boolean', description: 'print the report as JSON (every mismatch) instead of text' } },
  ...commandExits({
    ok: 'no mismatch',
    found: 'mismatches found',
    failed: 'could not check (Kafka, registry or MariaDB unreachable)',
  }),
};

await runCommand(spec, async ({ values }) => {
  const started = Date.now();
  const config = loadConfig(bookerSchema, process.env);
  const logger = createLogger({ name: 'verify', level: 'silent' });
  const { calcom, retell } = bookerTopicsOf(config);
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL });
  try {
    let progress: ReturnType<typeof createProgress> | undefined;
    const report = await runVerify({
      kafka: createKafka({
        brokers: config.KAFKA_BROKERS,
        clientId: 'verify',
        logger,
        security: kafkaSecurity(config),
        retry: 'failFast',
      }),
      registry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
      orm,
      topics: { calcom, retell },
      progress: {
        total: (n) => {
          progress = createProgress({ label: 'records read', total: n });
        },
        tick: (n) => progress?.tick(n),
      },
    });
    progress?.done();
    const seconds = (Date.now() - started) / 1000;
    if (values.json) {
      console.log(JSON.stringify({ ...report, clean: report.mismatches.length === 0, seconds }, null, 2));
    } else {
      for (const topic of report.missingTopics) console.log(`topic ${topic} does not exist: nothing to read from it`);
      for (const m of report.mismatches.slice(0, SHOWN))
        console.log(`${m.bookingUid}\t${m.column}\texpected ${m.expected}\tactual ${m.actual}`);
      if (report.mismatches.length > SHOWN) console.log(`… and ${report.mismatches.length - SHOWN} more (--json lists all)`);
      const verdict = report.mismatches.length === 0 ? 'no mismatch' : `${report.mismatches.length} mismatch(es)`;
      console.log(
        `${report.records} record(s) read (${report.invalid} invalid, left to the DLQ), ${report.expected} appointment(s) expected, ` +
          `${report.actual} in the database: ${verdict} in ${seconds.toFixed(1)} s`,
      );
    }
    return report.mismatches.length === 0 ? EXIT.ok : EXIT.found;
  } finally {
    await orm.close();
  }
});
