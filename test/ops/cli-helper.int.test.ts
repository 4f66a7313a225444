// The behaviour every command shares through packages/cli/src/lib/cli.ts, seen from the shell.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixture = join(import.meta.dirname, 'fixtures', 'cli-command.ts');
const run = (...args: string[]) => spawnSync(process.execPath, [fixture, ...args], { encoding: 'utf8' });

describe('command-line behaviour', () => {
  it('when --help is given, then the usage goes to stdout and the exit code is 0', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('usage: cli-command');
  });

  it('when an unknown flag is given, then the usage goes to stderr, without a stack trace, and the exit code is 2', () => {
    const result = run('--bogus');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--bogus');
    expect(result.stderr).toContain('usage: cli-command');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('when a value is bad, then the message names the flag and the exit code is 2', () => {
    const result = run('--rate', 'fast');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--rate must be a positive number');
  });

  it('when the command fails, then one line names the error and the exit code is 1', () => {
    const result = run('--fail');
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('cli-command: something broke');
  });

  it('when the arguments are good, then the command runs and exits 0', () => {
    const result = run('--rate', '5');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('rate=5');
  });
});
