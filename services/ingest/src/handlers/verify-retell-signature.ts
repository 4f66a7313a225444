// Retell signs body + timestamp digits: x-retell-signature = "v=<epoch ms>,d=<hex HMAC-SHA256>"
// keyed with the API key (reference/webhooks.md §2.4, §3). The timestamp must be within five
// minutes of our clock in either direction, which bounds replays of a captured request.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureCheck } from './verify-calcom-signature.ts';

export const RETELL_TOLERANCE_MS = 5 * 60 * 1000;

const HEADER = /^v=(\d+),d=([0-9a-f]{64})$/i;

export interface RetellVerifyOptions {
  apiKey: string;
  nowMs: number;
  toleranceMs?: number;
}

export function verifyRetellSignature(
  raw: Buffer,
  header: string | undefined,
  options: RetellVerifyOptions,
): SignatureCheck<{ timestamp: number }> {
  if (!header) return { ok: false, reason: 'missing' };
  const match = HEADER.exec(header);
  if (!match) return { ok: false, reason: 'malformed' };
  const timestamp = Number(match[1]);
  if (!Number.isSafeInteger(timestamp)) return { ok: false, reason: 'malformed' };
  if (Math.abs(options.nowMs - timestamp) > (options.toleranceMs ?? RETELL_TOLERANCE_MS)) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', options.apiKey).update(raw).update(String(timestamp)).digest();
  const received = Buffer.from(match[2] as string, 'hex');
  return timingSafeEqual(expected, received) ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' };
}

/** The timestamp of a well-formed header, unverified: for a delivery a gateway authenticated. */
export function retellTimestampOf(header: string | undefined): number | undefined {
  const match = header ? HEADER.exec(header) : null;
  const timestamp = Number(match?.[1]);
  return match && Number.isSafeInteger(timestamp) ? timestamp : undefined;
}

/** Builds the header Retell would send; for tests and the benchmark's fake sender. */
export function signRetell(raw: string | Buffer, apiKey: string, timestamp: number): string {
  const digest = createHmac('sha256', apiKey).update(raw).update(String(timestamp)).digest('hex');
  return `v=${timestamp},d=${digest}`;
}
