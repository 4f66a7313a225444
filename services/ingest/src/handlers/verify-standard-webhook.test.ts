import { describe, expect, it } from 'vitest';
import {
  STANDARD_WEBHOOK_TOLERANCE_MS,
  signStandardWebhook,
  standardWebhookHeadersOf,
  standardWebhookKeys,
  verifyStandardWebhook,
} from './verify-standard-webhook.ts';

// the example delivery of the Svix / Standard Webhooks documentation
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = '1614265330';
const BODY = Buffer.from('{"test": 2432232314}');
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const NOW = Number(TIMESTAMP) * 1000;
const OTHER_SECRET = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;

const headers = (signature = SIGNATURE, timestamp = TIMESTAMP, id = ID) => ({ id, timestamp, signature });
const verify = (body: Buffer, h: ReturnType<typeof headers>, secrets = [SECRET], nowMs = NOW) =>
  verifyStandardWebhook(body, h, { keys: standardWebhookKeys(secrets), nowMs });

describe('verifyStandardWebhook', () => {
  it('when the delivery is the documented example, then it matches and returns id and timestamp', () => {
    expect(verify(BODY, headers())).toEqual({ ok: true, id: ID, timestampMs: NOW });
  });

  it('when signStandardWebhook signs the example, then it produces the documented headers', () => {
    expect(signStandardWebhook(BODY, SECRET, { id: ID, timestampSeconds: Number(TIMESTAMP) })).toEqual({
      'webhook-id': ID,
      'webhook-timestamp': TIMESTAMP,
      'webhook-signature': SIGNATURE,
    });
  });

  it('when several signatures are sent and only the last one is valid, then it matches', () => {
    const wrong = signStandardWebhook(BODY, OTHER_SECRET, { id: ID, timestampSeconds: Number(TIMESTAMP) });

    expect(verify(BODY, headers(`${wrong['webhook-signature']} v1a,c29tZWVkMjU1MTk= ${SIGNATURE}`)).ok).toBe(true);
  });

  it('when the second of several configured secrets signed it, then it matches', () => {
    expect(verify(BODY, headers(), [OTHER_SECRET, SECRET]).ok).toBe(true);
  });

  it('when one byte of the body differs, then it is a mismatch', () => {
    expect(verify(Buffer.from('{"test": 2432232315}'), headers())).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('when the id or the timestamp was changed, then it is a mismatch', () => {
    expect(verify(BODY, headers(SIGNATURE, TIMESTAMP, 'msg_other'))).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(BODY, headers(SIGNATURE, '1614265331'), [SECRET], NOW + 1000)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('when the secret is another one, then it is a mismatch', () => {
    expect(verify(BODY, headers(), [OTHER_SECRET])).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('when only other signature versions are present, then nothing matches', () => {
    expect(verify(BODY, headers('v1a,c29tZWVkMjU1MTk= v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('when the timestamp is exactly five minutes old or ahead, then it still matches', () => {
    expect(verify(BODY, headers(), [SECRET], NOW + STANDARD_WEBHOOK_TOLERANCE_MS).ok).toBe(true);
    expect(verify(BODY, headers(), [SECRET], NOW - STANDARD_WEBHOOK_TOLERANCE_MS).ok).toBe(true);
  });

  it('when the timestamp is more than five minutes old, then it is stale', () => {
    expect(verify(BODY, headers(), [SECRET], NOW + STANDARD_WEBHOOK_TOLERANCE_MS + 1000)).toEqual({ ok: false, reason: 'stale' });
  });

  it('when the timestamp is more than five minutes in the future, then it is stale', () => {
    expect(verify(BODY, headers(), [SECRET], NOW - STANDARD_WEBHOOK_TOLERANCE_MS - 1000)).toEqual({ ok: false, reason: 'stale' });
  });

  it.each([
    ['id', { id: undefined, timestamp: TIMESTAMP, signature: SIGNATURE }],
    ['timestamp', { id: ID, timestamp: undefined, signature: SIGNATURE }],
    ['signature', { id: ID, timestamp: TIMESTAMP, signature: undefined }],
  ])('when the %s header is missing, then it is missing', (_name, h) => {
    expect(verifyStandardWebhook(BODY, h, { keys: standardWebhookKeys([SECRET]), nowMs: NOW })).toEqual({
      ok: false,
      reason: 'missing',
    });
  });

  it.each([
    ['a fractional timestamp', headers(SIGNATURE, '1614265330.5')],
    ['a signature without a version', headers('g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')],
    ['an empty signature list', headers('   ')],
    ['an id with a space', headers(SIGNATURE, TIMESTAMP, 'msg 1')],
  ])('when the request has %s, then it is malformed', (_name, h) => {
    expect(verify(BODY, h)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('standardWebhookHeadersOf', () => {
  it('when the webhook-* headers are sent, then they are the three', () => {
    expect(
      standardWebhookHeadersOf({ 'webhook-id': ID, 'webhook-timestamp': TIMESTAMP, 'webhook-signature': SIGNATURE }),
    ).toEqual(headers());
  });

  it("when Svix's default svix-* headers are sent, then they are the three", () => {
    expect(standardWebhookHeadersOf({ 'svix-id': ID, 'svix-timestamp': TIMESTAMP, 'svix-signature': SIGNATURE })).toEqual(
      headers(),
    );
  });

  it('when the prefixes are mixed, then the webhook-* set is taken and is incomplete', () => {
    expect(standardWebhookHeadersOf({ 'webhook-id': ID, 'svix-timestamp': TIMESTAMP, 'svix-signature': SIGNATURE })).toEqual({
      id: ID,
      timestamp: undefined,
      signature: undefined,
    });
  });
});
