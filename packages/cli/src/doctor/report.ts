// Pure presentation of doctor results: the PASS/WARN/FAIL table, the JSON document and the
// exit code (non-zero on any FAIL; WARN alone does not fail a deployment).
import type { CheckResult } from './types.ts';

export function formatTable(results: CheckResult[]): string {
  const width = Math.max(5, ...results.map((r) => r.check.length));
  const lines = results.map((r) => `${r.status.padEnd(4)}  ${r.check.padEnd(width)}  ${r.evidence}`);
  const counts = summarize(results);
  return [...lines, '', `${counts.PASS} passed, ${counts.WARN} warnings, ${counts.FAIL} failed`].join('\n');
}

export function summarize(results: CheckResult[]): Record<'PASS' | 'WARN' | 'FAIL', number> {
  const counts = { PASS: 0, WARN: 0, FAIL: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

export function toJson(results: CheckResult[], durationMs: number, now = new Date()): string {
  const counts = summarize(results);
  return JSON.stringify({ ok: counts.FAIL === 0, checkedAt: now.toISOString(), durationMs, summary: counts, results }, null, 2);
}

export function exitCode(results: CheckResult[]): number {
  return results.some((r) => r.status === 'FAIL') ? 1 : 0;
}

/** Runs a check with a deadline; a check that throws or hangs becomes one FAIL line. */
export async function runCheck(name: string, run: () => Promise<CheckResult[]>, timeoutMs: number): Promise<CheckResult[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (error) {
    return [{ check: name, status: 'FAIL', evidence: error instanceof Error ? error.message : String(error) }];
  } finally {
    clearTimeout(timer);
  }
}
