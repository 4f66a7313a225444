// The lines a multi-instance run prints: what ran, how the webhooks were answered, what the
// checks found. Pure, so the command stays a sequence of steps.

import type { VerifyReport } from '../../packages/cli/src/verify/run-verify.ts';
import type { LedgerEntry, Verdict } from '../chaos/verdict.ts';

export interface RunSummary {
  id: string;
  ok: boolean;
  rate: number;
  partitions: number;
  bookings: number;
  versions: number;
  loadMs: number;
  drainedMs: number;
  events: string[];
  ledger: LedgerEntry[];
  verdict: Verdict;
  verify: VerifyReport;
  unclean: string[];
}

export function formatReport(run: RunSummary): string[] {
  const { verdict, verify } = run;
  const statuses = Object.entries(Object.groupBy(run.ledger, (e) => String(e.status)))
    .map(([status, entries]) => `${status === '0' ? 'no answer' : status} ×${entries?.length ?? 0}`)
    .join(', ');
  const answered = run.ledger
    .filter((e) => e.status >= 200 && e.status < 300)
    .map((e) => e.ms)
    .sort((a, b) => a - b);
  const at = (q: number) => Math.round(answered[Math.min(answered.length - 1, Math.floor(q * answered.length))] ?? 0);
  return [
    `multi-instance run ${run.id}: ${run.ok ? 'PASS' : 'FAIL'}`,
    `  load: ${verdict.requests} webhooks (${run.bookings} bookings × ${run.versions} versions + resent duplicates) at ${run.rate}/s, last answer after ${(run.loadMs / 1000).toFixed(1)} s; 2 ingests, 2 bookers, 2 invalidators, ${run.partitions} partitions`,
    `  answers: ${statuses}; acknowledged in p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${verdict.longestAnswerMs} ms`,
    ...run.events.map((e) => `  ${e}`),
    `  drained ${(run.drainedMs / 1000).toFixed(1)} s after the last answer (both groups committed to the end)`,
    `  lost ${verdict.lost}, duplicated ${verdict.duplicated}, not converged ${verdict.wrongFinalState}, phantom ${verdict.phantom}, stale cache keys ${verdict.staleCacheKeys}`,
    `  verify: ${verify.records} records folded, ${verify.expected} expected rows, ${verify.actual} in the database, ${verify.mismatches.length} mismatch(es)`,
    ...verify.mismatches.slice(0, 10).map((m) => `    ${m.bookingUid} ${m.column}: expected ${m.expected}, actual ${m.actual}`),
    ...run.unclean.map((line) => `  ${line}`),
  ];
}
