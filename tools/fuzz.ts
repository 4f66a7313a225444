// npm run fuzz: sends malformed requests to a private ingest process and undecodable records to
// its topics, then checks every answer was a 4xx with a JSON error, the ingest stayed up with
// bounded memory, nothing accepted was dead-lettered and every poison record was.
import { type CommandSpec, createProgress, numberOption, runCommand, UsageError } from '../packages/cli/src/lib/cli.ts';
import { CATEGORIES } from './fuzz/cases.ts';
import { freePorts, fuzzStackFromEnv } from './fuzz/fuzz-pipeline.ts';
import { type FuzzReport, fuzzFailures, mb, runFuzz } from './fuzz/run-fuzz.ts';

const spec: CommandSpec = {
  name: 'npm run fuzz',
  summary: 'Malformed webhooks against a private ingest process on the local stack, then poison records on its topics.',
  usage: 'npm run fuzz -- [--count N] [--seed N] [--category NAME] [--concurrency N] [--max-rss-mb N] [--json]',
  options: {
    count: { type: 'string', description: 'requests to send', default: '10000' },
    seed: { type: 'string', description: 'seed of the generator (the same seed sends the same requests)', default: '1' },
    concurrency: { type: 'string', description: 'requests in flight', default: '8' },
    category: { type: 'string', description: `only this kind of request: ${CATEGORIES.join(', ')}` },
    'max-rss-mb': { type: 'string', description: 'ingest resident memory above which the run fails', default: '512' },
    json: { type: 'boolean', description: 'print the report as JSON' },
  },
  exitCodes: { 0: 'every check held', 1: 'a check failed (each is printed) or the run could not start', 2: 'bad arguments' },
};

function print(report: FuzzReport, failures: string[]): void {
  console.log('category               sent   4xx+JSON  accepted  violations');
  for (const category of CATEGORIES) {
    const c = report.categories[category];
    if (!c) continue;
    console.log(
      `${category.padEnd(20)} ${String(c.sent).padStart(6)} ${String(c.rejected4xxJson).padStart(10)} ${String(c.accepted).padStart(9)} ${String(c.violations).padStart(11)}`,
    );
  }
  for (const v of report.violations) console.log(`  violation: ${v.category} (expected ${v.expect}) → ${v.failed ?? v.status}`);
  const { rss } = report;
  console.log(
    `ingest alive: ${report.ingestAlive}; RSS ${mb(rss.baselineBytes)} MB before, peak ${mb(rss.peakBytes)} MB, ${mb(rss.finalBytes)} MB after`,
  );
  console.log(`accepted: ${report.acceptedEventIds}, of them dead-lettered: ${report.acceptedDeadLettered}`);
  console.log(
    `poison records written: ${report.poisonWritten}, dead-lettered: ${report.poisonDeadLettered}; consumers kept going: ${report.consumersKeptGoing}`,
  );
  console.log(
    failures.length === 0 ? `fuzz: ${report.requests} requests, every check held` : failures.map((f) => `✖ ${f}`).join('\n'),
  );
}

await runCommand(spec, async ({ values }) => {
  const count = numberOption(values, 'count') ?? 10_000;
  const category = values.category as string | undefined;
  if (category !== undefined && !CATEGORIES.includes(category))
    throw new UsageError(`--category must be one of ${CATEGORIES.join(', ')}`);
  const progress = createProgress({ label: 'fuzz', total: count });
  const report = await runFuzz({
    count,
    seed: numberOption(values, 'seed') ?? 1,
    category,
    concurrency: numberOption(values, 'concurrency') ?? 8,
    stack: fuzzStackFromEnv(process.env),
    ports: await freePorts(),
    onProgress: (n) => progress.tick(n),
  });
  progress.done();
  const failures = fuzzFailures(report, (numberOption(values, 'max-rss-mb') ?? 512) * 1024 * 1024);
  if (values.json) console.log(JSON.stringify({ ...report, failures }, null, 2));
  else print(report, failures);
  return failures.length === 0 ? 0 : 1;
});
