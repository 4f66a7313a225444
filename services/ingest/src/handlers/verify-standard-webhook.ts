// Standard Webhooks (standardwebhooks.com), the scheme a gateway such as Svix uses when it
// re-signs a delivery: webhook-signature holds space-separated "v1,<base64 HMAC-SHA256>" entries
// over "<webhook-id>.<webhook-timestamp>.<raw body>", keyed with the base64 part of a
// "whsec_…" secret. Any entry may match any key (rotation on both sides); the timestamp (Unix
// seconds) must be within five minutes of our clock, which bounds replays.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeWebhookSecret } from '@booking/shared/config';
import type { SignatureCheck } from './verify-calcom-signature.ts';

export const STANDARD_WEBHOOK_TOLERANCE_MS = 5 * 60 * 1000;

/** The three headers as received; any may be absent. */
export interface StandardWebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * The three headers of a request: `webhook-*`, or Svix's default `svix-*` names (the same scheme;
 * Svix renames them to `webhook-*` only on request). One prefix for all three, never mixed.
 */
export function standardWebhookHeadersOf(headers: Record<string, string | string[] | undefined>): StandardWebhookHeaders {
  const text = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const prefix =
    ['webhook', 'svix'].find((p) => text(`${p}-id`) ?? text(`${p}-timestamp`) ?? text(`${p}-signature`)) ?? 'webhook';
  return { id: text(`${prefix}-id`), timestamp: text(`${prefix}-timestamp`), signature: text(`${prefix}-signature`) };
}

export interface StandardWebhookVerifyOptions {
  keys: readonly Buffer[];
  nowMs: number;
  toleranceMs?: number;
}

const TIMESTAMP = /^\d{1,12}$/;
const ENTRY = /^(v\d+[a-z]?),([A-Za-z0-9+/]+={0,2})$/;
const SHA256_BYTES = 32;

/** The delivery ids we sign over and carry: printable ASCII without spaces, bounded. */
export const DELIVERY_ID = /^[\x21-\x7e]{1,256}$/;

export function verifyStandardWebhook(
  raw: Buffer,
  headers: StandardWebhookHeaders,
  options: StandardWebhookVerifyOptions,
): SignatureCheck<{ id: string; timestampMs: number }> {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!DELIVERY_ID.test(id) || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed' };
  const entries = signature.split(' ').filter((entry) => entry.length > 0);
  const parsed = entries.map((entry) => ENTRY.exec(entry));
  if (parsed.length === 0 || parsed.some((match) => match === null)) return { ok: false, reason: 'malformed' };
  const timestampMs = Number(timestamp) * 1000;
  if (Math.abs(options.nowMs - timestampMs) > (options.toleranceMs ?? STANDARD_WEBHOOK_TOLERANCE_MS)) {
    return { ok: false, reason: 'stale' };
  }
  // other versions (v1a = ed25519, later ones) are skipped, as the spec asks
  const received = parsed
    .filter((match) => match?.[1] === 'v1')
    .map((match) => Buffer.from(match?.[2] as string, 'base64'))
    .filter((digest) => digest.length === SHA256_BYTES);
  // every key is tried against every entry, so the time taken does not tell which one matched
  let matched = false;
  for (const key of options.keys) {
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(raw).digest();
    for (const digest of received) if (timingSafeEqual(expected, digest)) matched = true;
  }
  return matched ? { ok: true, id, timestampMs } : { ok: false, reason: 'mismatch' };
}

/** The HMAC keys of the configured secrets (validated by the config schema). */
export function standardWebhookKeys(secrets: readonly string[]): Buffer[] {
  return secrets.map((secret) => {
    const key = decodeWebhookSecret(secret);
    if (!key) throw new Error('GATEWAY_WEBHOOK_SECRETS holds a secret that is not whsec_<base64>');
    return key;
  });
}

/** The headers a Standard Webhooks sender would add; for tests, the demo and the benchmark. */
export function signStandardWebhook(
  raw: string | Buffer,
  secret: string,
  delivery: { id: string; timestampSeconds: number },
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const [key] = standardWebhookKeys([secret]);
  const timestamp = String(delivery.timestampSeconds);
  const digest = createHmac('sha256', key as Buffer)
    .update(`${delivery.id}.${timestamp}.`)
    .update(raw)
    .digest('base64');
  return { 'webhook-id': delivery.id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${digest}` };
}
