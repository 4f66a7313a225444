// Cal.com signs the exact body bytes: X-Cal-Signature-256 = lower-case hex HMAC-SHA256 with the
// subscription secret, no timestamp (reference/webhooks.md §1.8). Several subscriptions may post
// here, each with its own secret, so any configured secret may match.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck<T = object> =
  | ({ ok: true } & T)
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** What Cal.com sends in the header when the subscription has no secret. */
export const CALCOM_NO_SECRET = 'no-secret-provided';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export function verifyCalcomSignature(raw: Buffer, header: string | undefined, secrets: readonly string[]): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  if (header === CALCOM_NO_SECRET || !HEX_SHA256.test(header)) return { ok: false, reason: 'malformed' };
  const received = Buffer.from(header, 'hex');
  // every secret is tried even after a match, so the time taken does not tell which one matched
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(raw).digest();
    if (timingSafeEqual(expected, received)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
