// `npm start` as a newcomer and a process manager use it: the stack, migrations and every
// service, supervised. Ctrl-C or SIGTERM stops every service gracefully and leaves nothing
// behind; a killed service comes back while the others keep running; a service that cannot
// start is given up on. Isolated from a developer's own `npm start` and from other runs of this
// file: free ports, its own database, spool and groups. Starting the stack check, the
// migrations and three services takes tens of seconds on a loaded machine: generous timeouts.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dropDatabase } from '@booking/shared/orm';
import { Collector, freePort } from '@booking/shared/testing';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const SERVICES = ['ingest', 'booker', 'cache-invalidator'] as const;
type Service = (typeof SERVICES)[number];
const READY: Record<Service, string> = {
  ingest: 'ingest listening',
  booker: 'booker started',
  'cache-invalidator': 'cache invalidator started',
};
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Run {
  child: ChildProcess;
  lines: Collector<string>;
  exited: Promise<number | null>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the runner's ANSI colours
const plain = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, '');

async function runStart(command: 'node' | 'npm', args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const id = randomUUID().slice(0, 8);
  const databaseUrl = `mysql://root@127.0.0.1:3306/start_test_${id}`;
  const spoolDir = join(root, '.data', `spool-start-test-${id}`);
  cleanups.push(async () => {
    await dropDatabase(databaseUrl);
    rmSync(spoolDir, { recursive: true, force: true });
  });
  const [cmd, cmdArgs] =
    command === 'npm'
      ? ['npm', ['run', '-s', 'start', '--', '--prefix', ...args]]
      : [process.execPath, [join(root, 'tools', 'start.ts'), '--prefix', ...args]];
  const child = spawn(cmd, cmdArgs, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      INGEST_PORT: String(await freePort()),
      BOOKER_PORT: String(await freePort()),
      INVALIDATOR_PORT: String(await freePort()),
      INGEST_SPOOL_DIR: spoolDir,
      BOOKER_GROUP_ID: `start-test-booker-${id}`,
      INVALIDATOR_GROUP_ID: `start-test-invalidator-${id}`,
      NODE24_SKIP_INSTALL: '1',
      ...env,
    },
  });
  const lines = new Collector<string>();
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) lines.push(plain(line));
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

const linesOf = (all: string[], service: string, text: string) =>
  all.filter((l) => new RegExp(`^${service}\\s*\\|`).test(l) && l.includes(text));

/** Pids the supervisor reported, per service, in start order. */
function pids(all: string[], service: string): number[] {
  return linesOf(all, service, 'started (pid').map((l) => Number(/started \(pid (\d+)\)/.exec(l)?.[1]));
}

function latestPids(run: Run): Record<Service, number> {
  return Object.fromEntries(SERVICES.map((s) => [s, pids(run.lines.items, s).at(-1) ?? 0])) as Record<Service, number>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitReady(run: Run, times: Record<string, number>): Promise<void> {
  await run.lines.waitFor((all) => SERVICES.every((s) => linesOf(all, s, READY[s]).length >= (times[s] ?? 1)), 90_000);
}

describe('npm start', () => {
  it('when Ctrl-C is pressed, then every service finishes its shutdown and exits 0', async () => {
    const run = await runStart('node');
    await waitReady(run, {});

    process.kill(-(run.child.pid as number), 'SIGINT');
    const code = await run.exited;

    const output = run.lines.items.join('\n');
    expect(code).toBe(0);
    for (const service of SERVICES) expect(output).toMatch(new RegExp(`${service}\\s*\\| exited \\(0\\)`));
    expect(output).not.toContain('shutdown deadline passed');
  }, 180_000);

  it('when each service is SIGKILLed in turn, then it is restarted and the others keep their pids; SIGTERM to npm then leaves no process behind', async () => {
    const run = await runStart('npm');
    await waitReady(run, {});
    const ready: Record<string, number> = {};

    for (const victim of SERVICES) {
      const before = latestPids(run);
      process.kill(before[victim], 'SIGKILL');
      ready[victim] = (ready[victim] ?? 1) + 1;
      await waitReady(run, ready);

      const after = latestPids(run);
      expect(after[victim]).not.toBe(before[victim]);
      expect(alive(after[victim])).toBe(true);
      for (const other of SERVICES.filter((s) => s !== victim)) {
        expect(after[other]).toBe(before[other]);
        expect(alive(after[other])).toBe(true);
      }
      expect(linesOf(run.lines.items, victim, 'restarting in').length).toBe(1);
    }
    process.kill(run.child.pid as number, 'SIGTERM');
    const code = await run.exited;

    expect(code).toBe(0);
    const everyPid = SERVICES.flatMap((s) => pids(run.lines.items, s));
    expect(everyPid.filter(alive)).toEqual([]);
    expect(() => process.kill(-(run.child.pid as number), 0)).toThrow(); // nothing left in npm's group
    expect(run.lines.items.join('\n')).not.toContain('shutdown deadline passed');
  }, 300_000);

  it('when one service fails at every start, then it is given up on after N restarts with a clear message and the others keep running', async () => {
    const run = await runStart('node', ['--max-restarts', '2', '--restart-delay-ms', '100'], { BOOKER_PORT: 'not-a-port' });
    await run.lines.waitFor((all) => linesOf(all, 'booker', 'GAVE UP').length > 0, 90_000);
    await run.lines.waitFor(
      (all) =>
        linesOf(all, 'ingest', READY.ingest).length > 0 &&
        linesOf(all, 'cache-invalidator', READY['cache-invalidator']).length > 0,
      90_000,
    );

    const others = ['ingest', 'cache-invalidator'].map((s) => pids(run.lines.items, s));
    process.kill(run.child.pid as number, 'SIGTERM');
    const code = await run.exited;

    expect(pids(run.lines.items, 'booker')).toHaveLength(3);
    expect(linesOf(run.lines.items, 'booker', 'BOOKER_PORT').length).toBeGreaterThan(0);
    expect(others.map((p) => p.length)).toEqual([1, 1]);
    expect(run.lines.items.join('\n')).toContain('gave up on booker');
    expect(code).toBe(1);
  }, 180_000);
});
