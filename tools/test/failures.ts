// What failed in a vitest run, in a few lines per test, read from vitest's JSON report.
// `npm test` prints it after a failing step and keeps it in .local/test-results/failures.txt;
// `.ci/run` prints that file last, after the stack's log tails, so the failing test's name and
// message are the end of a red CI log instead of being buried a few hundred lines above it.

/** The part of vitest's JSON reporter output this reads. */
export interface VitestJsonReport {
  testResults?: Array<{
    name: string;
    status?: string;
    message?: string;
    assertionResults?: Array<{ fullName?: string; title?: string; status?: string; failureMessages?: string[] }>;
  }>;
}

const MESSAGE_LINES = 20;
// Stack frames of vitest and Node say nothing about the failure; the test's own frames stay.
const NOISE = /\/node_modules\/|\(<anonymous>\)|\(node:internal|^\s+at node:internal/;

function firstLines(text: string, lines = MESSAGE_LINES): string {
  const all = text
    .trimEnd()
    .split('\n')
    .filter((line) => !NOISE.test(line));
  const shown = all.slice(0, lines).map((line) => `      ${line}`);
  if (all.length > lines) shown.push(`      … ${all.length - lines} more lines`);
  return shown.join('\n');
}

/** One block per failed test, or per file that failed outside any test (a hook, an import). */
export function failureSummary(report: VitestJsonReport, root: string): string[] {
  const blocks: string[] = [];
  for (const file of report.testResults ?? []) {
    const path = file.name.startsWith(`${root}/`) ? file.name.slice(root.length + 1) : file.name;
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) {
      const message = test.failureMessages?.[0] ?? '(no message)';
      blocks.push(`  ✖ ${path} > ${test.fullName ?? test.title ?? '?'}\n${firstLines(message)}`);
    }
    if (failed.length === 0 && file.status === 'failed') {
      blocks.push(`  ✖ ${path} (outside any test)\n${firstLines(file.message || '(no message)')}`);
    }
  }
  return blocks;
}
