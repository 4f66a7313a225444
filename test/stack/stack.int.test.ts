// The local stack commands as a user runs them: `up` when everything is up changes nothing,
// and `status` reports each component with its port. (CI exercises the cold path: .ci/run
// starts from a clean clone and stops the stack at the end.)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const stack = (command: string) =>
  spawnSync(process.execPath, [join(root, 'tools', 'stack.ts'), command], { cwd: root, encoding: 'utf8' });

describe('local stack commands', () => {
  it('when the stack is already up, then stack:up starts nothing and succeeds', () => {
    const result = stack('up');

    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/started \(pid/);
    expect(result.stdout).toMatch(/kafka\s+:9092\s+(already running|port 9092 already in use)/);
    expect(result.stdout).toMatch(/registry\s+:8081\s+(already running|port 8081 already in use)/);
  });

  it('when asked for the status, then each component is listed with its port and state', () => {
    const result = stack('status');

    expect(result.status).toBe(0);
    for (const [name, port] of [
      ['mariadb', 3306],
      ['redis', 6379],
      ['kafka', 9092],
      ['registry', 8081],
    ] as const) {
      expect(result.stdout).toMatch(new RegExp(`${name}\\s+:${port}\\s+up`));
    }
  });
});
