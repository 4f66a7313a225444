// npm test: lint, type check, unit tests, alert rule tests (promtool; installed from Debian's
// `prometheus` package if missing), then the integration tests against the real local
// stack (started here if it is not up; left running for the next run — `npm run stack:down`
// stops it). Stops at the first failing step and exits non-zero.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpText } from '../packages/cli/src/lib/cli.ts';
import { failureSummary } from './test/failures.ts';

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const extraArgs = process.argv.slice(2);
// Other arguments go to vitest (a file filter, -t …), so only the help is looked for here.
if (extraArgs.includes('--help') || extraArgs.includes('-h')) {
  process.stdout.write(
    helpText({
      name: 'npm test',
      summary: 'Lint, type check, unit tests, alert rule tests, then the integration tests against the local stack.',
      usage: 'npm test [-- <vitest filters and options>]',
      exitCodes: { 0: 'every step passed', 1: 'a step failed (the exit code of that step)' },
    }),
  );
  process.exit(0);
}

interface Step {
  name: string;
  command: string;
  args: string[];
  /** vitest's JSON report of this step, read for the failure summary when the step fails. */
  report?: string;
}

const resultsDir = join(root, '.local', 'test-results');
const failuresFile = join(resultsDir, 'failures.txt');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

/** A vitest step: the usual console output, plus a JSON report unless a reporter was chosen. */
function vitest(name: string, project: string): Step {
  const report = join(resultsDir, `${project}.json`);
  const reporters = extraArgs.some((arg) => arg.startsWith('--reporter'))
    ? []
    : ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  return { name, command: bin('vitest'), args: ['run', '--project', project, ...reporters, ...extraArgs], report };
}

/** Lists what failed (test name and the first lines of its message) and keeps it for .ci/run. */
function reportFailures(step: Step, seconds: string): void {
  const lines = [`✖ ${step.name} failed after ${seconds} s`];
  if (step.report && existsSync(step.report)) {
    lines.push(...failureSummary(JSON.parse(readFileSync(step.report, 'utf8')), root));
  }
  writeFileSync(failuresFile, `${lines.join('\n')}\n`);
  console.error(`\n${lines.join('\n')}`);
}

const steps: Step[] = [
  { name: 'lint (biome)', command: bin('biome'), args: ['check', '.'] },
  { name: 'type check (tsc -b)', command: bin('tsc'), args: ['-b'] },
  vitest('unit tests', 'unit'),
  { name: 'prometheus tools', command: join(root, 'tools', 'ensure-prometheus.sh'), args: [] },
  {
    name: 'alert rule tests (promtool)',
    command: 'promtool',
    args: ['test', 'rules', join(root, 'deploy', 'prometheus', 'alerts.test.yml')],
  },
  { name: 'local stack', command: process.execPath, args: [join(root, 'tools', 'stack.ts'), 'up'] },
  vitest('integration tests', 'integration'),
];

const started = Date.now();
for (const step of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${step.name}`);
  const result = spawnSync(step.command, step.args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    if (result.error) console.error(`\n${step.name}: ${result.error.message}`);
    reportFailures(step, seconds);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${step.name} (${seconds} s)`);
}
console.log(`\nall checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
