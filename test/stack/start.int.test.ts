// `npm start` as a newcomer uses it: the stack, migrations and every service in one terminal,
// and Ctrl-C (SIGINT to the terminal's process group) stops every service gracefully.
// Isolated from a developer's own `npm start`: free ports, its own database and groups.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dropDatabase } from '@booking/shared/orm';
import { Collector } from '@booking/shared/testing';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const id = randomUUID().slice(0, 8);
const databaseUrl = `mysql://root@127.0.0.1:3306/start_test_${id}`;
const spoolDir = join(root, '.data', `spool-start-test-${id}`);

afterAll(async () => {
  await dropDatabase(databaseUrl);
  rmSync(spoolDir, { recursive: true, force: true });
});

function runStart(): { child: ChildProcess; lines: Collector<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.ts')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      INGEST_PORT: '3910',
      BOOKER_PORT: '3911',
      INVALIDATOR_PORT: '3912',
      INGEST_SPOOL_DIR: spoolDir,
      BOOKER_GROUP_ID: `start-test-booker-${id}`,
      INVALIDATOR_GROUP_ID: `start-test-invalidator-${id}`,
      NODE24_SKIP_INSTALL: '1',
    },
  });
  const lines = new Collector<string>();
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) lines.push(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

describe('npm start', () => {
  it('when Ctrl-C is pressed, then every service finishes its shutdown and exits 0', async () => {
    const { child, lines, exited } = runStart();
    const started = (all: string[], text: string) => all.some((l) => l.includes(text));

    await lines.waitFor(
      (all) => ['ingest listening', 'booker started', 'cache invalidator started'].every((t) => started(all, t)),
      90_000,
    );
    process.kill(-(child.pid as number), 'SIGINT');
    const code = await exited;

    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the runner's ANSI colours
    const output = lines.items.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
    expect(code).toBe(0);
    for (const service of ['ingest', 'booker', 'cache-invalidator']) {
      expect(output).toMatch(new RegExp(`${service}\\s*\\| exited \\(0\\)`));
    }
    expect(output).not.toContain('shutdown deadline passed');
  });
});
