// npm start: the local stack, the database migrations, then every service of the pipeline in
// this one terminal (prefixed, pretty logs on a terminal; the services' own JSON lines when
// piped), supervised: a service that exits unexpectedly is
// restarted with backoff, one that keeps failing is given up on. Ctrl-C, SIGTERM or SIGHUP
// stop the services gracefully; the stack keeps running (`npm run stack:down` stops it).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandSpec, EXIT_USAGE, helpText, parseCommandLine } from '../packages/cli/src/lib/cli.ts';
import { withDevSecrets } from '../packages/cli/src/lib/dev-secrets.ts';
import { createServiceOutput } from './start/output.ts';
import { DEFAULT_RESTART_POLICY } from './start/restart-policy.ts';
import { root, SERVICES, serviceMain } from './start/service-process.ts';
import { Supervisor } from './start/supervisor.ts';
import { watchParent } from './start/watch-parent.ts';

const spec: CommandSpec = {
  name: 'npm start',
  summary: 'The local stack, the migrations, then every pipeline service, supervised, logs in this terminal.',
  usage: 'npm start [-- --prefix --max-restarts N --restart-delay-ms MS]',
  options: {
    prefix: {
      type: 'boolean',
      description:
        "prefix the services' lines with their name even when the output is piped (default: only on a terminal; piped, each service writes its own JSON lines)",
    },
    'max-restarts': {
      type: 'string',
      description: 'restarts in a row of a service that keeps failing before giving up on it',
      default: String(DEFAULT_RESTART_POLICY.maxRestarts),
    },
    'restart-delay-ms': {
      type: 'string',
      description: 'first restart backoff, doubled per attempt',
      default: String(DEFAULT_RESTART_POLICY.baseDelayMs),
    },
  },
  exitCodes: {
    0: 'stopped by a signal, every service was running',
    1: 'a step failed or a service was given up on',
    2: 'bad arguments',
  },
};
const { values } = parseCommandLine(spec);
const integer = (name: string, min: number) => {
  const value = Number(values[name]);
  if (Number.isInteger(value) && value >= min) return value;
  process.stderr.write(
    `${spec.name}: --${name} must be an integer >= ${min}, got "${String(values[name])}"\n\n${helpText(spec)}`,
  );
  process.exit(EXIT_USAGE);
};
const policy = {
  ...DEFAULT_RESTART_POLICY,
  maxRestarts: integer('max-restarts', 0),
  baseDelayMs: integer('restart-delay-ms', 1),
};

function runStep(name: string, command: string, args: string[], env = process.env): void {
  console.log(`▶ ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`✖ ${name} failed`);
    process.exit(result.status ?? 1);
  }
}

runStep('local stack', process.execPath, [join(root, 'tools', 'stack.ts'), 'up']);
const rootScripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
if (rootScripts.migrate) runStep('migrations', 'npm', ['run', '-s', 'migrate'], { ...process.env, NODE24_SKIP_INSTALL: '1' });

const { env, filled } = withDevSecrets(process.env);
if (filled.length > 0) console.log(`using local development values for ${filled.join(', ')} (set them for real webhooks)`);

const present = SERVICES.filter((s) => existsSync(serviceMain(s)));
if (present.length === 0) {
  console.log('no services yet; the stack is up');
  process.exit(0);
}
const output = createServiceOutput(present);
// Prefixed, pretty lines only for a person at a terminal; piped or redirected, each service
// writes its own JSON lines (they carry its name) and the supervisor stays out of the data path.
const supervisor = new Supervisor({
  services: present.map((name) => ({ name, env })),
  policy,
  onLine: process.stdout.isTTY || values.prefix === true ? output.line : undefined,
  log: output.note,
});

let stopping = false;
async function stopAll(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${reason}: stopping ${present.join(', ')}`);
  await supervisor.stop();
  const givenUp = supervisor.givenUp();
  if (givenUp.length > 0) console.error(`✖ gave up on ${givenUp.join(', ')} earlier (exit code 1)`);
  process.exit(givenUp.length > 0 ? 1 : 0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopAll(signal));
// Killed without a signal reaching us (npm got SIGHUP or SIGKILL): the parent changes.
watchParent(() => stopAll('parent process gone'));
supervisor.on('gave-up', () => {
  if (supervisor.givenUp().length === present.length) stopAll('every service was given up on');
});
supervisor.start();
console.log(`started: ${present.join(', ')} — Ctrl-C stops them`);
