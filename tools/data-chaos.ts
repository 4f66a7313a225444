// npm run data-chaos: bursts of signed-but-odd webhooks (keys that differ by trailing spaces,
// case, ß/ss, full-width or Unicode form; wrong sender clocks; blank UIDs; reschedule loops;
// Retell calls for odd UIDs) through a private pipeline on the local stack, then the checks of
// tools/data-chaos/run-data-chaos.ts after each burst. Exit 0 when every check held.
import { type CommandSpec, numberOption, runCommand, UsageError } from '../packages/cli/src/lib/cli.ts';
import { BURST_KINDS } from './data-chaos/cases.ts';
import { type DataChaosReport, runDataChaos } from './data-chaos/run-data-chaos.ts';
import { freePorts, fuzzStackFromEnv } from './fuzz/fuzz-pipeline.ts';

const spec: CommandSpec = {
  name: 'npm run data-chaos',
  summary: 'Signed webhooks with odd data through a private pipeline on the local stack: nothing may stall, fold or pin.',
  usage: 'npm run data-chaos -- [--rounds N] [--kind NAME] [--json]',
  options: {
    rounds: { type: 'string', description: 'how many times each kind of burst is sent (fresh UIDs each time)', default: '5' },
    kind: { type: 'string', description: `only this kind of burst: ${BURST_KINDS.join(', ')}` },
    json: { type: 'boolean', description: 'print the report as JSON' },
  },
  exitCodes: { 0: 'every check held', 1: 'a check failed (each is printed) or the run could not start', 2: 'bad arguments' },
};

function print(report: DataChaosReport): void {
  console.log('kind                        cases  accepted  refused  parked  stalls  problems');
  for (const [kind, r] of Object.entries(report)) {
    const cells = [r.cases, r.accepted, r.refused, r.parked, r.stalls, r.problems.length].map((n, i) =>
      String(n).padStart([5, 9, 8, 7, 7, 9][i] as number),
    );
    console.log(`${kind.padEnd(26)} ${cells.join(' ')}`);
  }
  for (const r of Object.values(report)) for (const problem of r.problems) console.log(`✖ ${problem}`);
}

await runCommand(spec, async ({ values }) => {
  const kind = values.kind as string | undefined;
  if (kind !== undefined && !BURST_KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${BURST_KINDS.join(', ')}`);
  const report = await runDataChaos({
    kinds: kind ? [kind] : BURST_KINDS,
    rounds: numberOption(values, 'rounds') ?? 5,
    stack: fuzzStackFromEnv(process.env),
    ports: await freePorts(),
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else print(report);
  return Object.values(report).every((r) => r.problems.length === 0) ? 0 : 1;
});
