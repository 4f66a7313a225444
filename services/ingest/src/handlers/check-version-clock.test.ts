import { describe, expect, it } from 'vitest';
import { assertVersionNotAhead, versionAheadProblem } from './check-version-clock.ts';

const NOW = Date.UTC(2026, 11, 2, 12);
const clock = { receivedAt: NOW, maxSkewMs: 300_000 };

describe('versionAheadProblem', () => {
  it('when the version is in the past, now or ahead by at most the allowed skew, then it is accepted', () => {
    expect([NOW - 86_400_000, NOW, NOW + 1_500, NOW + 300_000].map((v) => versionAheadProblem(v, clock))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('when the version is ahead by more than the allowed skew, then the problem says by how much and what is allowed', () => {
    expect(versionAheadProblem(NOW + 300_001, clock)).toBe(
      "is 300001 ms ahead of the receiver's clock (2026-12-02T12:00:00.000Z); at most 300000 ms are allowed (INGEST_MAX_CLOCK_SKEW_MS)",
    );
  });
});

describe('assertVersionNotAhead', () => {
  it('when a sender clock says year 2999, then EVENT_INVALID names the field', () => {
    const check = () => assertVersionNotAhead(Date.UTC(2999, 0, 1), 'createdAt', clock);

    expect(check).toThrow(
      expect.objectContaining({ code: 'EVENT_INVALID', details: [expect.objectContaining({ field: 'createdAt' })] }),
    );
  });
});
