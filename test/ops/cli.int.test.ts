// Every ops command behaves like a tool (issue #10): --help prints the usage and exits 0, an
// unknown flag prints the usage and exits 2 without a stack trace, verify/dlq exit 4 when they
// cannot check (Kafka unreachable), and every command's exit codes are the one table's.
import { createScratchDatabase } from '@booking/shared/testing';
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_MEANINGS } from '../../packages/cli/src/lib/exit-codes.ts';
import { runScript as run, STACK_TRACE } from './fixtures/run-script.ts';

const COMMANDS = {
  doctor: 'packages/cli/src/doctor.ts',
  verify: 'packages/cli/src/verify.ts',
  replay: 'packages/cli/src/replay.ts',
  dlq: 'packages/cli/src/dlq.ts',
  migrate: 'packages/cli/src/migrate.ts',
  demo: 'packages/cli/src/demo.ts',
  bench: 'tools/bench.ts',
};
const OPS = Object.entries(COMMANDS).filter(([name]) => name !== 'bench');

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
    'when %s cannot reach Kafka, then it exits 4 (could not complete) with one line and no stack trace',
    async (_name, script, args) => {
      const database = await createScratchDatabase('cli_test', 'absent');

      const result = await run(script, args as string[], { KAFKA_BROKERS: '127.0.0.1:1', DATABASE_URL: database.url() });

      expect(result.code).toBe(EXIT.failed);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    },
  );

  it.each(OPS)('when %s lists its exit codes, then each is a code of the one table, usage error as 2', async (_name, script) => {
    const { stdout } = await run(script, ['--help']);
    const codes = [...(stdout.split('exit codes:')[1] ?? '').matchAll(/^ {2}(\d+) {2}(.*)$/gm)].map(([, code, meaning]) => ({
      code: Number(code),
      meaning,
    }));

    expect(codes.filter(({ code }) => !(code in EXIT_MEANINGS))).toEqual([]);
    expect(codes.find(({ code }) => code === EXIT.usage)?.meaning).toBe(EXIT_MEANINGS[EXIT.usage]);
  });

  it('when verify and dlq are asked for help, then they name --json and their exit codes', async () => {
    for (const script of [COMMANDS.verify, COMMANDS.dlq]) {
      const { stdout } = await run(script, ['--help']);

      expect(stdout).toMatch(/--json/);
      expect(stdout).toMatch(/exit codes:[\s\S]*0 [\s\S]*1 [\s\S]*2 /);
    }
  });
});
