// npm run replay -- rebuild [--keep-replaced] [--dry-run] [--json]
//   Rebuilds the appointments table from bookings.calcom and bookings.retell while the booker
//   keeps running: a shadow table, verified, swapped in, caught up (replay/shadow-rebuild.ts).
// npm run replay -- rebuild --in-place [--since <ISO time>] [--dry-run] [--group <id>] [--json]
//   The old way: re-consumes the topics (from the beginning, or from the first record at/after
//   --since) into the live table with the booker's own code, then exits. Refuses to move the
//   offsets of a group with running members and names them (exit 3). Follow with `npm run verify`.
//   Both read the topics BOOKER_TOPIC_* name; --json prints the plan and the result as JSON.
// npm run replay -- dlq [--source-topic T] [--error-class C] [--since ISO] [--until ISO] [--dry-run]
//   Re-publishes dead letters to their source topic (same as `npm run dlq -- redrive`).
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createOrm } from '@booking/shared/orm';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { type CommandSpec, createProgress, runCommand, UsageError } from './lib/cli.ts';
import { commandExits, EXIT, EXIT_MEANINGS } from './lib/exit-codes.ts';
import { bookerTopicsOf } from './lib/topics.ts';
import { describePlan, planToJson } from './replay/plan.ts';
import { rebuild } from './replay/rebuild.ts';
import { runShadow } from './replay/run-shadow.ts';

const spec: CommandSpec = {
  name: 'replay',
  summary: [
    'Rebuild the appointments table from the source topics while the booker runs, or re-drive dead letters.',
    '  rebuild  rebuild the appointments table from bookings.calcom and bookings.retell while the booker runs',
    '           (--in-place: re-consume them into the live table with the stopped booker group instead)',
    '  dlq      re-publish dead letters to their source topic (= npm run dlq -- redrive; see its --help)',
  ].join('\n'),
  usage:
    'npm run replay -- rebuild [--keep-replaced] [--dry-run] [--json]  |  rebuild --in-place [--since ISO] [--dry-run] [--group ID] [--json]  |  dlq [filters] [--dry-run]',
  allowPositionals: true,
  options: {
    'in-place': { type: 'boolean', description: 'the old way: the stopped booker group re-consumes into the live table' },
    'keep-replaced': {
      type: 'boolean',
      description: 'keep the replaced table as appointments_replaced (rename it back to undo)',
    },
    since: { type: 'string', description: 'with --in-place: start at the first record at or after this ISO time' },
    'dry-run': { type: 'boolean', description: 'print the plan; move no offsets, apply nothing' },
    group: { type: 'string', description: 'with --in-place: the booker consumer group (default BOOKER_GROUP_ID)' },
    json: { type: 'boolean', description: 'print the plan and the result as JSON' },
  },
  ...commandExits({
    ok: 'rebuilt (or dry run)',
    groupRunning: `--in-place: ${EXIT_MEANINGS[EXIT.groupRunning]}`,
  }),
};

if (process.argv[2] === 'dlq') {
  process.argv.splice(2, 1, 'redrive');
  await import('./dlq.ts');
} else {
  await runCommand(spec, async ({ positionals, values }) => {
    if (positionals.length !== 1 || positionals[0] !== 'rebuild') throw new UsageError('give rebuild or dlq');
    if (values['in-place'] !== true && (values.since !== undefined || values.group !== undefined))
      throw new UsageError('--since and --group go with --in-place (the shadow rebuild reads everything and moves no group)');
    if (values['in-place'] !== true)
      return runShadow({
        keepReplaced: values['keep-replaced'] === true,
        dryRun: values['dry-run'] === true,
        json: values.json === true,
      });
    const since = values.since === undefined ? undefined : Date.parse(String(values.since));
    if (since !== undefined && Number.isNaN(since))
      throw new UsageError(`--since must be an ISO date-time, got "${String(values.since)}"`);
    const config = loadConfig(bookerSchema, process.env);
    const logger = createLogger({ name: 'replay', level: 'warn' });
    const orm = await createOrm({ databaseUrl: config.DATABASE_URL });
    const started = Date.now();
    const dryRun = values['dry-run'] === true;
    let progress: ReturnType<typeof createProgress> | undefined;
    let reported = 0n;
    try {
      const plan = await rebuild(
        {
          kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'replay', logger, security: kafkaSecurity(config) }),
          schemaRegistry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
          orm,
          logger,
          config,
          topics: bookerTopicsOf(config),
        },
        {
          group: typeof values.group === 'string' ? values.group : config.BOOKER_GROUP_ID,
          since,
          dryRun,
          onPlan: (p) => {
            if (!values.json) console.log(describePlan(p));
            progress = createProgress({ label: 'records replayed', total: Number(p.records) });
          },
          onProgress: (done) => {
            progress?.tick(Number(done - reported));
            reported = done;
          },
        },
      );
      progress?.done();
      const seconds = (Date.now() - started) / 1000;
      if (values.json) console.log(JSON.stringify({ ...planToJson(plan), dryRun, seconds }, null, 2));
      else if (dryRun) console.log('dry run: no offsets moved, nothing applied');
      else
        console.log(
          `rebuild done: ${plan.records} record(s) in ${seconds.toFixed(1)} s (${Math.round(Number(plan.records) / seconds)} records/s); now run npm run verify`,
        );
      return EXIT.ok;
    } finally {
      await orm.close();
    }
  });
}
