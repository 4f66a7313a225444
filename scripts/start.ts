// npm start: the local stack, the database migrations, then every service of the pipeline in
// this one terminal with prefixed logs. Ctrl-C (or SIGTERM) stops the services gracefully; the
// stack keeps running (`npm run stack:down` stops it).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { prettyFactory } from 'pino-pretty';
import { withDevSecrets } from './dev-secrets.ts';

const root = join(import.meta.dirname, '..');
const SERVICES = ['ingest', 'booker', 'cache-invalidator'] as const;
const colors = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const reset = '\x1b[0m';

function runStep(name: string, args: string[]): void {
  console.log(`▶ ${name}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${name} failed`);
    process.exit(result.status ?? 1);
  }
}

// On a terminal the services' JSON logs are shown pretty (pino-pretty); piped, they stay JSON.
const pretty = process.stdout.isTTY
  ? prettyFactory({ colorize: true, singleLine: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service,name' })
  : undefined;

function prefixLines(stream: NodeJS.ReadableStream, prefix: string, out: NodeJS.WriteStream): void {
  createInterface({ input: stream }).on('line', (line) => {
    const text = pretty && line.startsWith('{') ? pretty(line).trimEnd() : line;
    out.write(`${prefix} ${text}\n`);
  });
}

runStep('local stack', [join(root, 'scripts', 'stack.ts'), 'up']);
const rootScripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
if (rootScripts.migrate) {
  const migrate = spawnSync('npm', ['run', '-s', 'migrate'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE24_SKIP_INSTALL: '1' },
  });
  if (migrate.status !== 0) process.exit(migrate.status ?? 1);
}

const { env: serviceEnv, filled } = withDevSecrets(process.env);
if (filled.length > 0) console.log(`using local development values for ${filled.join(', ')} (set them for real webhooks)`);

const children: ChildProcess[] = [];
const present = SERVICES.filter((s) => existsSync(join(root, 'services', s, 'src', 'main.ts')));
present.forEach((service, i) => {
  const child = spawn(process.execPath, [join(root, 'services', service, 'src', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serviceEnv,
    // Own process group: a terminal's Ctrl-C reaches only this runner, which then sends each
    // service one SIGTERM. Sent both, a service takes the second signal as "exit now" and
    // skips its graceful shutdown.
    detached: true,
  });
  const prefix = `${colors[i % colors.length]}${service.padEnd(17)}|${reset}`;
  if (child.stdout) prefixLines(child.stdout, prefix, process.stdout);
  if (child.stderr) prefixLines(child.stderr, prefix, process.stderr);
  child.on('exit', (code, signal) => {
    console.log(`${prefix} exited (${signal ?? code})`);
    if (!stopping) stopAll(code ?? 1);
  });
  children.push(child);
});
if (present.length === 0) console.log('no services yet; the stack is up');
else console.log(`started: ${present.join(', ')} — Ctrl-C stops them`);

let stopping = false;
function stopAll(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const waitAll = Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  waitAll.then(() => process.exit(exitCode));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
