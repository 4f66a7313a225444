// Every ops command behaves like a tool (issue #10): --help prints the usage and exits 0, an
// unknown flag prints the usage and exits 2 without a stack trace, and verify/dlq exit 2 when
// they cannot check (Kafka unreachable).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { STACK, uniqueName } from '@booking/shared/testing';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const COMMANDS = {
  doctor: 'packages/cli/src/doctor.ts',
  verify: 'packages/cli/src/verify.ts',
  replay: 'packages/cli/src/replay.ts',
  dlq: 'packages/cli/src/dlq.ts',
  migrate: 'packages/cli/src/migrate.ts',
  demo: 'packages/cli/src/demo.ts',
  bench: 'tools/bench.ts',
};

async function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

describe('ops commands', () => {
  it.each(Object.entries(COMMANDS))(
    'when %s is asked for --help, then it prints its usage and exits 0',
    async (_name, script) => {
      const result = await run(script, ['--help']);

      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/usage: /);
    },
  );

  it.each(Object.entries(COMMANDS))(
    'when %s gets an unknown flag, then it prints the usage and exits 2, no stack trace',
    async (_name, script) => {
      const result = await run(script, ['--no-such-flag']);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/usage: /);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    },
  );

  it.each([
    ['verify', COMMANDS.verify, []],
    ['dlq inspect', COMMANDS.dlq, ['inspect']],
  ])(
    'when %s cannot reach Kafka, then it exits 2 (could not check) with one line and no stack trace',
    async (_name, script, args) => {
      const database = `mysql://root@${new URL(STACK.mariadbUrl).host}/${uniqueName('cli_test').replace(/-/g, '_')}`;

      const result = await run(script, args as string[], { KAFKA_BROKERS: '127.0.0.1:1', DATABASE_URL: database });

      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    },
  );

  it('when verify and dlq are asked for help, then they name --json and their exit codes', async () => {
    for (const script of [COMMANDS.verify, COMMANDS.dlq]) {
      const { stdout } = await run(script, ['--help']);

      expect(stdout).toMatch(/--json/);
      expect(stdout).toMatch(/exit codes:[\s\S]*0 [\s\S]*1 [\s\S]*2 /);
    }
  });
});
