import { describe, expect, it } from 'vitest';
import { exitCode, formatTable, runCheck, toJson } from './report.ts';

const results = [
  { check: 'kafka', status: 'PASS', evidence: '1 broker' },
  { check: 'topic bookings.calcom', status: 'FAIL', evidence: 'cleanup.policy=delete (expected compact)' },
  { check: 'index count', status: 'WARN', evidence: 'appointments has 12 indexes' },
] as const;

describe('doctor report', () => {
  it('prints one aligned line per check and a summary', () => {
    expect(formatTable([...results])).toMatchInlineSnapshot(`
      "PASS  kafka                  1 broker
      FAIL  topic bookings.calcom  cleanup.policy=delete (expected compact)
      WARN  index count            appointments has 12 indexes

      1 passed, 1 warnings, 1 failed"
    `);
  });

  it('when any check fails, then the exit code is non-zero; warnings alone pass', () => {
    expect(exitCode([...results])).toBe(1);
    expect(exitCode([results[0], results[2]])).toBe(0);
  });

  it('writes JSON with ok=false when something failed', () => {
    const doc = JSON.parse(toJson([...results], 1234, new Date(0)));

    expect(doc).toMatchObject({ ok: false, durationMs: 1234, summary: { PASS: 1, WARN: 1, FAIL: 1 } });
    expect(doc.results).toHaveLength(3);
  });

  it('when a check throws, then it becomes a FAIL with the error as evidence', async () => {
    const out = await runCheck('redis', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')), 1000);

    expect(out).toEqual([{ check: 'redis', status: 'FAIL', evidence: 'connect ECONNREFUSED 127.0.0.1:6379' }]);
  });

  it('when a check hangs, then it fails at its deadline', async () => {
    const out = await runCheck('registry', () => new Promise(() => {}), 50);

    expect(out[0]?.status).toBe('FAIL');
    expect(out[0]?.evidence).toMatch(/no answer within/);
  });
});
