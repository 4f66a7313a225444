import { describe, expect, it } from 'vitest';
import { verifyCalcomSignature } from './verify-calcom-signature.ts';
import { RETELL_TOLERANCE_MS, signRetell, verifyRetellSignature } from './verify-retell-signature.ts';

// test vectors of reference/webhooks.md §3
const CALCOM_BODY = Buffer.from(
  '{"triggerEvent":"BOOKING_CREATED","createdAt":"2024-01-01T00:00:00.000Z","payload":{"uid":"abc"}}',
);
const CALCOM_SIG = '5be872ed1b4c5e2c87a57b75153579c329261c4b42636e487799e8e7c3e2daa9';
const RETELL_BODY = Buffer.from('{"event":"call_ended"}');
const RETELL_TS = 1_700_000_000_000;
const RETELL_SIG = `v=${RETELL_TS},d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e`;

describe('verifyCalcomSignature', () => {
  it('when the header is the reference vector, then it matches', () => {
    expect(verifyCalcomSignature(CALCOM_BODY, CALCOM_SIG, ['test-secret'])).toEqual({ ok: true });
  });

  it('when the header is upper-case hex, then it still matches', () => {
    expect(verifyCalcomSignature(CALCOM_BODY, CALCOM_SIG.toUpperCase(), ['test-secret']).ok).toBe(true);
  });

  it('when the second of several secrets signed it, then it matches', () => {
    expect(verifyCalcomSignature(CALCOM_BODY, CALCOM_SIG, ['other', 'test-secret']).ok).toBe(true);
  });

  it('when one byte of the body differs, then it is a mismatch', () => {
    const tampered = Buffer.from(CALCOM_BODY.toString().replace('abc', 'abd'));

    expect(verifyCalcomSignature(tampered, CALCOM_SIG, ['test-secret'])).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('when the header is "no-secret-provided", then it is rejected even with no secrets configured', () => {
    expect(verifyCalcomSignature(CALCOM_BODY, 'no-secret-provided', [])).toEqual({ ok: false, reason: 'malformed' });
  });

  it('when the header is missing or not 64 hex chars, then it is rejected', () => {
    expect(verifyCalcomSignature(CALCOM_BODY, undefined, ['test-secret']).ok).toBe(false);
    expect(verifyCalcomSignature(CALCOM_BODY, CALCOM_SIG.slice(2), ['test-secret'])).toEqual({ ok: false, reason: 'malformed' });
  });

  it('when no secret is configured, then nothing matches', () => {
    expect(verifyCalcomSignature(CALCOM_BODY, CALCOM_SIG, [])).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('verifyRetellSignature', () => {
  const key = 'test-api-key';

  it('when the header is the SDK vector at its own time, then it matches and returns the timestamp', () => {
    expect(verifyRetellSignature(RETELL_BODY, RETELL_SIG, { apiKey: key, nowMs: RETELL_TS })).toEqual({
      ok: true,
      timestamp: RETELL_TS,
    });
  });

  it('when signRetell builds the header, then it equals the SDK vector', () => {
    expect(signRetell(RETELL_BODY, key, RETELL_TS)).toBe(RETELL_SIG);
  });

  it('when the clock is exactly five minutes ahead or behind, then it still matches', () => {
    expect(verifyRetellSignature(RETELL_BODY, RETELL_SIG, { apiKey: key, nowMs: RETELL_TS + RETELL_TOLERANCE_MS }).ok).toBe(true);
    expect(verifyRetellSignature(RETELL_BODY, RETELL_SIG, { apiKey: key, nowMs: RETELL_TS - RETELL_TOLERANCE_MS }).ok).toBe(true);
  });

  it('when the timestamp is more than five minutes in the past, then it is stale', () => {
    expect(verifyRetellSignature(RETELL_BODY, RETELL_SIG, { apiKey: key, nowMs: RETELL_TS + RETELL_TOLERANCE_MS + 1 })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('when the timestamp is more than five minutes in the future, then it is stale', () => {
    expect(verifyRetellSignature(RETELL_BODY, RETELL_SIG, { apiKey: key, nowMs: RETELL_TS - RETELL_TOLERANCE_MS - 1 })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('when another key or another body is used, then it is a mismatch', () => {
    expect(verifyRetellSignature(RETELL_BODY, RETELL_SIG, { apiKey: 'other', nowMs: RETELL_TS }).ok).toBe(false);
    expect(verifyRetellSignature(Buffer.from('{"event":"call_started"}'), RETELL_SIG, { apiKey: key, nowMs: RETELL_TS })).toEqual(
      {
        ok: false,
        reason: 'mismatch',
      },
    );
  });

  it('when the timestamp in the header was changed, then it is a mismatch', () => {
    const shifted = RETELL_SIG.replace(`v=${RETELL_TS}`, `v=${RETELL_TS + 1}`);

    expect(verifyRetellSignature(RETELL_BODY, shifted, { apiKey: key, nowMs: RETELL_TS })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('when the header is missing or malformed, then it is rejected', () => {
    expect(verifyRetellSignature(RETELL_BODY, undefined, { apiKey: key, nowMs: RETELL_TS })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyRetellSignature(RETELL_BODY, `${RETELL_SIG},x=1`, { apiKey: key, nowMs: RETELL_TS }).ok).toBe(false);
    expect(verifyRetellSignature(RETELL_BODY, `d=${'0'.repeat(64)},v=${RETELL_TS}`, { apiKey: key, nowMs: RETELL_TS })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
