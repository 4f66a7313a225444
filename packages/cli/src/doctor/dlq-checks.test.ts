import { describe, expect, it } from 'vitest';
import { parkedResult } from './dlq-checks.ts';

describe('parkedResult', () => {
  it('when nothing is parked, then the check passes', () => {
    expect(parkedResult('bookings.dlq', [])).toEqual({
      check: 'parked records in bookings.dlq',
      status: 'PASS',
      evidence: 'none',
    });
  });

  it('when records are parked, then it warns with their count per error code and how to see them', () => {
    const result = parkedResult('bookings.dlq', ['INVARIANT_BROKEN', 'ER_DATA_TOO_LONG', 'INVARIANT_BROKEN']);

    expect(result.status).toBe('WARN');
    expect(result.evidence).toBe(
      '3 parked (INVARIANT_BROKEN: 2, ER_DATA_TOO_LONG: 1); see npm run dlq -- inspect --disposition parked, re-drive once fixed',
    );
  });
});
