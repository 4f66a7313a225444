import { describe, expect, it } from 'vitest';
import { type FinalRow, judgeRun, type LedgerEntry } from './verdict.ts';

const entry = (uid: string, version: number, status: number, ms = 5): LedgerEntry => ({ uid, version, status, startedAt: 0, ms });
const rows = (...list: [string, number, number?][]) =>
  new Map<string, FinalRow>(list.map(([uid, version, count]) => [uid, { version, count: count ?? 1 }]));

describe('judgeRun', () => {
  it('when every acknowledged version is in its row, then nothing is lost or wrong', () => {
    const verdict = judgeRun([entry('a', 0, 202), entry('a', 1, 202), entry('b', 0, 202)], rows(['a', 1], ['b', 0]), new Set());

    expect(verdict).toMatchObject({ requests: 3, acknowledged: 3, lost: 0, wrongFinalState: 0, phantom: 0, duplicated: 0 });
  });

  it('when an acknowledged booking has no row, then each of its acknowledged versions counts as lost', () => {
    const verdict = judgeRun([entry('a', 0, 202), entry('a', 1, 202)], rows(), new Set());

    expect(verdict.lost).toBe(2);
  });

  it('when the row holds an older version than an acknowledged one, then it is lost and a wrong final state', () => {
    const verdict = judgeRun([entry('a', 0, 202), entry('a', 2, 202)], rows(['a', 0]), new Set());

    expect(verdict).toMatchObject({ lost: 1, wrongFinalState: 1 });
  });

  it('when a request got no answer, then its version may be in the row or not', () => {
    const applied = judgeRun([entry('a', 0, 202), entry('a', 1, 0)], rows(['a', 1]), new Set());
    const notApplied = judgeRun([entry('a', 0, 202), entry('a', 1, 0)], rows(['a', 0]), new Set());

    expect([applied.uncertain, applied.wrongFinalState, notApplied.wrongFinalState]).toEqual([1, 0, 0]);
  });

  it('when a refused (503, 429, connection refused) version is in the row, then that is a wrong final state', () => {
    const refused = [entry('a', 1, 503), entry('a', 1, 429), entry('a', 1, -1)];

    const verdicts = refused.map((e) => judgeRun([entry('a', 0, 202), e], rows(['a', 1]), new Set()));

    expect(verdicts.map((v) => [v.refused, v.uncertain, v.wrongFinalState])).toEqual([
      [1, 0, 1],
      [1, 0, 1],
      [1, 0, 1],
    ]);
  });

  it('when a row belongs to no sent booking or a booking has two rows, then they are phantom and duplicated', () => {
    const verdict = judgeRun([entry('a', 0, 202)], rows(['a', 0, 2], ['z', 0]), new Set());

    expect(verdict).toMatchObject({ phantom: 1, duplicated: 1 });
  });

  it('when answers took different times, then the longest answered one is reported and stale keys are counted', () => {
    const verdict = judgeRun(
      [entry('a', 0, 202, 40), entry('a', 1, 0, 10_000), entry('a', 2, 202, 900)],
      rows(['a', 2]),
      new Set(['a']),
    );

    expect([verdict.longestAnswerMs, verdict.staleCacheKeys]).toEqual([900, 1]);
    expect(verdict.statuses).toEqual({ 0: 1, 202: 2 });
  });
});
