import { describe, expect, it } from 'vitest';
import { judge, type LedgerEntry, passed } from './verdict.ts';

const sent = (uid: string, version: number, status = 202, ingest = 'a', ms = 5): LedgerEntry => ({
  uid,
  version,
  status,
  ingest,
  ms,
});

describe('judge', () => {
  it('when every acknowledged version is in or overtaken by its row, then nothing is lost and the run passes', () => {
    const ledger = [sent('u1', 1, 202, 'a'), sent('u1', 2, 202, 'b'), sent('u2', 1), sent('u2', 1, 202, 'b')];

    const verdict = judge(
      ledger,
      new Map([
        ['u1', { count: 1, version: 2 }],
        ['u2', { count: 1, version: 1 }],
      ]),
    );

    expect(verdict).toEqual({
      sent: 4,
      acknowledged: 4,
      refused: 0,
      uncertain: 0,
      lost: 0,
      duplicated: 0,
      notConverged: 0,
      phantom: 0,
      answerMs: { p50: 5, p99: 5, max: 5 },
    });
    expect(passed(verdict)).toBe(true);
  });

  it('when a row holds an older version than one acknowledged, then that version is lost and the row has not converged', () => {
    const verdict = judge([sent('u1', 1), sent('u1', 2)], new Map([['u1', { count: 1, version: 1 }]]));

    expect([verdict.lost, verdict.notConverged, passed(verdict)]).toEqual([1, 1, false]);
  });

  it('when an acknowledged booking has no row at all, then each of its versions is lost', () => {
    const verdict = judge([sent('u1', 1), sent('u1', 2)], new Map());

    expect([verdict.lost, verdict.notConverged]).toEqual([2, 1]);
  });

  it('when a UID has two rows or a row was never sent, then they count as duplicated and phantom', () => {
    const verdict = judge(
      [sent('u1', 1)],
      new Map([
        ['u1', { count: 2, version: 1 }],
        ['x', { count: 1, version: 1 }],
      ]),
    );

    expect([verdict.duplicated, verdict.phantom]).toEqual([1, 1]);
  });

  it('when the newest version got no answer, then the row may hold it or the acknowledged one before it', () => {
    const ledger = [sent('u1', 1), sent('u1', 2, 0), sent('u2', 1), sent('u2', 2, 0)];

    const verdict = judge(
      ledger,
      new Map([
        ['u1', { count: 1, version: 2 }],
        ['u2', { count: 1, version: 1 }],
      ]),
    );

    expect([verdict.uncertain, verdict.lost, verdict.notConverged, passed(verdict)]).toEqual([2, 0, 0, true]);
  });

  it('when a webhook was refused with 503, then its version must not appear in the row', () => {
    const verdict = judge([sent('u1', 1), sent('u1', 2, 503)], new Map([['u1', { count: 1, version: 2 }]]));

    expect([verdict.refused, verdict.notConverged]).toEqual([1, 1]);
  });
});
