import { describe, expect, it } from 'vitest';
import { failureSummary } from './failures.ts';

describe('failureSummary', () => {
  it('when a test failed, then its file, full name and the first lines of its message are listed', () => {
    const message = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    const blocks = failureSummary(
      {
        testResults: [
          {
            name: '/repo/test/a.int.test.ts',
            status: 'failed',
            assertionResults: [
              { fullName: 'a when x, then y', status: 'failed', failureMessages: [message] },
              { fullName: 'a when z, then w', status: 'passed', failureMessages: [] },
            ],
          },
        ],
      },
      '/repo',
    );
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('✖ test/a.int.test.ts > a when x, then y');
    expect(blocks[0]).toContain('line 20');
    expect(blocks[0]).not.toContain('line 21');
    expect(blocks[0]).toContain('… 10 more lines');
  });

  it('when a file failed outside its tests (a hook, an import), then the file and its message are listed', () => {
    const blocks = failureSummary(
      { testResults: [{ name: '/repo/b.int.test.ts', status: 'failed', message: 'Hook timed out', assertionResults: [] }] },
      '/repo',
    );
    expect(blocks).toEqual(['  ✖ b.int.test.ts (outside any test)\n      Hook timed out']);
  });

  it('when everything passed, then nothing is listed', () => {
    const blocks = failureSummary(
      { testResults: [{ name: '/repo/c.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] }] },
      '/repo',
    );
    expect(blocks).toEqual([]);
  });
});

describe('failureSummary of a stack trace', () => {
  it("when the message carries vitest's and Node's frames, then only the test's own frames are kept", () => {
    const message = [
      'AssertionError: expected 1 to be 2',
      '    at /repo/test/a.test.ts:2:47',
      '    at file:///repo/node_modules/vitest/dist/chunks/run.js:1695:35',
      '    at new Promise (<anonymous>)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n');
    const [block] = failureSummary(
      {
        testResults: [
          { name: '/repo/test/a.test.ts', assertionResults: [{ fullName: 'a', status: 'failed', failureMessages: [message] }] },
        ],
      },
      '/repo',
    );
    expect(block).toBe(
      '  ✖ test/a.test.ts > a\n      AssertionError: expected 1 to be 2\n          at /repo/test/a.test.ts:2:47',
    );
  });
});
