// POST /webhooks/retell as a use case: verify "v=<ms>,d=<hex>" within five minutes of our clock,
// parse call_analyzed, encode, and return only after the record is durable.
import { AppError } from '@booking/shared/errors';
import type { VoiceBookingV1 } from '@booking/shared/events';
import { eventIdOf } from './event-id.ts';
import { parseRetellWebhook } from './parse-retell-webhook.ts';
import { verifyRetellSignature } from './verify-retell-signature.ts';
import { type Encoder, type RecordWriter, signatureError, type WebhookOutcome, writeAccepted } from './webhook-outcome.ts';

export interface RetellWebhookDeps {
  apiKey: string | undefined;
  uidPaths: readonly string[];
  topic: string;
  codec: Encoder<VoiceBookingV1>;
  writer: RecordWriter;
  now: () => number;
}

export async function receiveRetellWebhook(
  raw: Buffer,
  signature: string | undefined,
  deps: RetellWebhookDeps,
): Promise<WebhookOutcome> {
  if (!deps.apiKey) throw new AppError('SIGNATURE_INVALID', 'Retell webhooks are not configured (RETELL_API_KEY is unset)');
  const receivedAt = deps.now();
  const check = verifyRetellSignature(raw, signature, { apiKey: deps.apiKey, nowMs: receivedAt });
  if (!check.ok) throw signatureError('retell', check.reason);
  const eventId = eventIdOf('retell', raw);
  const parsed = parseRetellWebhook(raw, { eventId, timestamp: check.timestamp, receivedAt, uidPaths: deps.uidPaths });
  if (parsed.kind === 'ignored') return { outcome: 'ignored', trigger: parsed.trigger, reason: parsed.reason };
  const { record } = parsed;
  return writeAccepted({ source: 'retell', trigger: parsed.trigger, eventId, receivedAt, record }, deps);
}
