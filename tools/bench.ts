// npm run bench -- <scenario> [--rate N --duration S --runs K --profile DIR]: runs one scenario
// of tools/bench/scenarios/<scenario>.ts (or `all` of them), prints a table of every figure next to its
// same-run baseline and the ratio, and writes the runs to tools/bench/results/<scenario>-<time>.json.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CommandSpec, numberOption, runCommand, UsageError } from '../packages/cli/src/lib/cli.ts';
import { DEFAULT_PARTITIONS } from './bench/lib/kafka.ts';
import { formatTable, machine, type Row, summarise, writeResults } from './bench/lib/report.ts';
import type { Scenario } from './bench/lib/scenario.ts';
// the load tool's own pauses, when BENCH_STALL_TRACE asks for them (the services' are preloaded)
import './bench/lib/stall-trace.ts';

const dir = join(import.meta.dirname, 'bench', 'scenarios');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const scenarios = new Map<string, Scenario>();
for (const name of names) {
  scenarios.set(name, ((await import(join(dir, `${name}.ts`))) as { default: Scenario }).default);
}
// `all` runs the component scenarios first and the whole pipeline last
const ALL_ORDER = ['ingest', 'booker', 'invalidator', 'replay', 'pipeline'];

const spec: CommandSpec = {
  name: 'npm run bench --',
  summary: `Benchmarks with same-run baselines. Scenarios: ${[...scenarios].map(([n, s]) => `\n  ${n.padEnd(12)} ${s.summary}`).join('')}\n  all          every scenario above, one after the other`,
  usage: 'npm run bench -- <scenario|all> [--rate N] [--duration S] [--runs K] [--profile DIR]',
  allowPositionals: true,
  options: {
    rate: { type: 'string', description: 'offered load per second (default: per scenario)' },
    duration: { type: 'string', description: 'measured seconds (default: per scenario)' },
    arrivals: { type: 'string', description: 'open-loop arrivals: poisson (independent senders) or even', default: 'poisson' },
    runs: { type: 'string', description: 'repeat the scenario K times; the table shows medians and spread', default: '1' },
    profile: { type: 'string', description: 'run the services under node --cpu-prof, profiles and their summary in DIR' },
    partitions: { type: 'string', description: 'partitions of the throw-away topics', default: String(DEFAULT_PARTITIONS) },
    'results-dir': { type: 'string', description: 'where the JSON results go', default: 'tools/bench/results' },
    ...Object.assign({}, ...[...scenarios.values()].map((s) => s.options ?? {})),
  },
  exitCodes: { 0: 'measured (targets are reported, not enforced)', 1: 'a scenario failed', 2: 'bad arguments' },
};

await runCommand(spec, async ({ values, positionals }) => {
  const [name, ...rest] = positionals;
  if (!name || rest.length > 0) throw new UsageError('name exactly one scenario');
  if (name !== 'all' && !scenarios.has(name)) throw new UsageError(`unknown scenario "${name}"`);
  const selected =
    name === 'all'
      ? [...ALL_ORDER, ...[...scenarios.keys()].filter((n) => !ALL_ORDER.includes(n))].filter(
          (n) => scenarios.has(n) && scenarios.get(n)?.inAll !== false,
        )
      : [name];
  const runs = numberOption(values, 'runs') ?? 1;
  const arrivals = values.arrivals === 'even' ? 'even' : 'poisson';
  if (values.arrivals !== arrivals) throw new UsageError(`--arrivals must be poisson or even, got "${String(values.arrivals)}"`);
  const resultsDir = resolve(String(values['results-dir']));
  const profileDir = typeof values.profile === 'string' ? resolve(values.profile) : undefined;
  for (const scenarioName of selected) {
    const scenario = scenarios.get(scenarioName) as Scenario;
    const rate = numberOption(values, 'rate') ?? scenario.defaults?.rate ?? 0;
    const seconds = numberOption(values, 'duration') ?? scenario.defaults?.duration ?? 0;
    const all: Row[][] = [];
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`bench ${scenarioName}: run ${run}/${runs}${rate > 0 ? ` (rate ${rate}/s, ${seconds} s)` : ''}\n`);
      all.push(
        await scenario.run({
          rate,
          seconds,
          arrivals,
          values,
          profileDir: profileDir ? join(profileDir, `${scenarioName}-${run}`) : undefined,
          log: (line) => process.stderr.write(`  ${scenarioName}: ${line}\n`),
        }),
      );
    }
    const summary = summarise(all);
    console.log(formatTable(`${scenarioName}: ${scenario.summary} (${runs} run${runs > 1 ? 's' : ''})`, summary));
    const path = writeResults(resultsDir, scenarioName, {
      scenario: scenarioName,
      finishedAt: new Date().toISOString(),
      machine: machine(),
      options: { rate, seconds, runs, arrivals },
      summary,
      runs: all,
    });
    console.log(`results: ${path}`);
  }
  return 0;
});
