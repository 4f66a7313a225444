import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_VERSION, cliHelp, OPS_COMMANDS, resolveInvocation } from './commands.ts';

describe('booking-pipeline command table', () => {
  it('when a known command is given, then its script runs with the remaining arguments', () => {
    expect(resolveInvocation(['dlq', 'inspect', '--since', '2026-11-25T00:00:00Z'])).toEqual({
      kind: 'run',
      command: 'dlq',
      script: 'dlq.ts',
      args: ['inspect', '--since', '2026-11-25T00:00:00Z'],
    });
  });

  it('when --version, -v or version is given, then the version is shown, the one in package.json', () => {
    expect([['--version'], ['-v'], ['version']].map((argv) => resolveInvocation(argv).kind)).toEqual([
      'version',
      'version',
      'version',
    ]);
    expect(CLI_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('when --help, -h or help is given, then the help is shown; nothing or an unknown command is a usage error', () => {
    expect([['--help'], ['-h'], ['help']].map((argv) => resolveInvocation(argv).kind)).toEqual(['help', 'help', 'help']);
    expect(resolveInvocation([])).toEqual({ kind: 'usage-error', message: 'no command given' });
    expect(resolveInvocation(['toString'])).toEqual({ kind: 'usage-error', message: 'unknown command "toString"' });
  });

  it('when the help is shown, then it lists every command, and each command names a script that exists', () => {
    const help = cliHelp();

    expect(Object.keys(OPS_COMMANDS).filter((name) => !help.includes(`  ${name}  `))).toEqual([]);
    const missing = Object.values(OPS_COMMANDS).filter(({ script }) => !existsSync(new URL(`../${script}`, import.meta.url)));
    expect(missing).toEqual([]);
  });
});
