// npm run chaos: one fault (or all of them) injected into a private pipeline under steady signed
// load, then the checks: no acknowledged loss, no phantom or duplicated rows, convergence to the
// newest accepted version, no stale cache key, verify clean, lag back to 0, counters reconcile.
import { commonSchema, DEFAULT_REDIS_URL, loadConfig } from '@booking/shared/config';
import { type CommandSpec, numberOption, runCommand, UsageError } from '../packages/cli/src/lib/cli.ts';
import { BROKER_SCENARIO_NAMES, BROKER_SCENARIOS } from './chaos/broker-scenarios.ts';
import { formatBrokerTable, formatTable, runChaosSuite } from './chaos/chaos-suite.ts';
import { SCENARIO_NAMES, SCENARIOS } from './chaos/scenarios.ts';

const spec: CommandSpec = {
  name: 'npm run chaos',
  summary:
    'Injects one fault into a private pipeline (scratch Kafka, private database, proxied MariaDB and Redis, supervised services) under load and checks the outcome.',
  usage: `npm run chaos -- <scenario|all> [--brokers 3 --rate N --duration S --hold S --versions N --quiet-timeout S --json --record DIR --verbose]\n\nscenarios:\n${SCENARIOS.map((s) => `  ${s.name.padEnd(22)}${s.describe}`).join('\n')}\n\nscenarios with --brokers 3 (a scratch 3-node cluster, RF 3, min.insync.replicas 2; every 2xx within 1 s):\n${BROKER_SCENARIOS.map((s) => `  ${s.name.padEnd(22)}${s.describe}`).join('\n')}`,
  allowPositionals: true,
  options: {
    brokers: {
      type: 'string',
      description: 'brokers of the scratch Kafka: 1, or 3 for the multi-broker scenarios',
      default: '1',
    },
    rate: { type: 'string', description: 'signed webhooks per second', default: '100' },
    duration: { type: 'string', description: 'seconds of load per scenario (the fault starts a third in)', default: '45' },
    hold: { type: 'string', description: 'seconds the fault lasts before it is healed', default: '15' },
    versions: { type: 'string', description: 'versions per booking', default: '4' },
    'quiet-timeout': { type: 'string', description: 'seconds allowed to recover and to reach lag 0', default: '120' },
    json: { type: 'boolean', description: 'print the results as JSON' },
    record: { type: 'string', description: "directory for each scenario's ledger and log (JSON), to study a run" },
    verbose: { type: 'boolean', description: "show the services' logs" },
  },
  exitCodes: {
    0: 'every check held in every scenario',
    1: 'a check failed (each is printed) or the run could not start',
    2: 'bad arguments or an unknown scenario',
  },
};

await runCommand(spec, async ({ values, positionals }) => {
  if (positionals.length === 0) throw new UsageError('name a scenario, or all');
  const brokers = numberOption(values, 'brokers') ?? 1;
  if (brokers !== 1 && brokers !== 3) throw new UsageError('--brokers must be 1 or 3');
  const catalogue = brokers === 3 ? BROKER_SCENARIO_NAMES : SCENARIO_NAMES;
  const names = positionals.includes('all') ? catalogue : positionals;
  const unknown = names.filter((n) => !catalogue.includes(n));
  if (unknown.length > 0) throw new UsageError(`unknown scenario ${unknown.join(', ')}`);
  const config = loadConfig(commonSchema, process.env);
  const db = new URL(config.DATABASE_URL);
  const redis = new URL(config.REDIS_URL ?? DEFAULT_REDIS_URL);
  const results = await runChaosSuite(
    names,
    {
      rate: numberOption(values, 'rate') ?? 100,
      durationS: numberOption(values, 'duration') ?? 45,
      holdS: numberOption(values, 'hold') ?? 15,
      versions: numberOption(values, 'versions') ?? 4,
      quietTimeoutS: numberOption(values, 'quiet-timeout') ?? 120,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      maxAnswerMs: brokers === 3 ? 1000 : undefined,
      recordDir: typeof values.record === 'string' ? values.record : undefined,
    },
    {
      registry: config.SCHEMA_REGISTRY_URL,
      mariadb: { host: db.hostname, port: Number(db.port || 3306) },
      redis: { host: redis.hostname, port: Number(redis.port || 6379) },
    },
    {
      verbose: values.verbose === true,
      brokers,
      onResult: (r) => process.stderr.write(`chaos: ${r.scenario}: ${r.failures.length === 0 ? 'ok' : r.failures.join('; ')}\n`),
    },
  );
  if (values.json) console.log(JSON.stringify(results, null, 2));
  else console.log(brokers === 3 ? formatBrokerTable(results) : formatTable(results));
  const failed = results.filter((r) => r.failures.length > 0);
  for (const r of failed) console.log(`✖ ${r.scenario}: ${r.failures.join('; ')}`);
  return failed.length === 0 ? 0 : 1;
});
