// The short version of `npm run multi-instance` (docs/OPERATIONS.md): two instances of every
// service as child processes, rebalances while signed webhooks flow, then the run's own checks
// (0 lost, 0 duplicated, converged, verify clean, every cache key invalidated). The long run is a
// benchmark-style command; this keeps the command and its checks working in CI.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

it('when two of each service run under load and one booker and one invalidator restart mid-run, then nothing is lost, duplicated or left stale', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'tools', 'multi-instance.ts'), '--rate', '40', '--duration', '6'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

  // On failure the message is the run's own report (stdout) and the end of its stderr, which
  // name the check that failed or the instance that crashed: a bare exit code said nothing.
  expect(code, `multi-instance exited ${code}\n${stdout}\n${stderr.split('\n').slice(-15).join('\n')}`).toBe(0);
  expect(stdout).toMatch(/: PASS\n/);
  expect(stdout).toContain('lost 0, duplicated 0, not converged 0, phantom 0, stale cache keys 0');
  expect(stdout.match(/its group rebalances/g)).toHaveLength(4);
  expect(stdout).toMatch(/verify: \d+ records folded, (\d+) expected rows, \1 in the database, 0 mismatch\(es\)/);
}, 150_000);
