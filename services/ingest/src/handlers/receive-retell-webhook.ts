// POST /webhooks/retell as a use case: verify "v=<ms>,d=<hex>" within five minutes of our clock
// (or a gateway's signature in its place), parse call_analyzed, encode, and return only after the
// record is durable. The record's version is Retell's signature timestamp; a gateway-signed
// delivery uses the forwarded Retell header's timestamp if there is one, else the gateway's.
import { AppError } from '@booking/shared/errors';
import type { VoiceBookingV1 } from '@booking/shared/events';
import { authenticateWebhook, type GatewayAuth, type WebhookRequest } from './authenticate-webhook.ts';
import { assertVersionNotAhead } from './check-version-clock.ts';
import { eventIdOf } from './event-id.ts';
import { parseRetellWebhook } from './parse-retell-webhook.ts';
import { retellTimestampOf, verifyRetellSignature } from './verify-retell-signature.ts';
import { type Encoder, type RecordWriter, type WebhookOutcome, writeAccepted } from './webhook-outcome.ts';

export interface RetellWebhookDeps {
  apiKey: string | undefined;
  gateway: GatewayAuth;
  uidPaths: readonly string[];
  topic: string;
  codec: Encoder<VoiceBookingV1>;
  writer: RecordWriter;
  now: () => number;
  /** INGEST_MAX_CLOCK_SKEW_MS: how far the timestamp (the version) may be ahead of `now` */
  maxClockSkewMs: number;
}

export async function receiveRetellWebhook(
  raw: Buffer,
  request: WebhookRequest,
  deps: RetellWebhookDeps,
): Promise<WebhookOutcome> {
  const receivedAt = deps.now();
  const retell = () => {
    if (!deps.apiKey) throw new AppError('SIGNATURE_INVALID', 'Retell webhooks are not configured (RETELL_API_KEY is unset)');
    return verifyRetellSignature(raw, request.signature, { apiKey: deps.apiKey, nowMs: receivedAt });
  };
  const auth = authenticateWebhook(
    raw,
    request,
    { ...deps.gateway, nowMs: receivedAt },
    { label: 'retell', header: 'x-retell-signature', check: retell },
  );
  const retellTimestamp = auth.via === 'provider' ? auth.timestamp : retellTimestampOf(request.signature);
  const timestamp = retellTimestamp ?? (auth.via === 'gateway' ? auth.timestampMs : 0);
  // a gateway verified its own timestamp, not the forwarded Retell header it passes on
  const field = retellTimestamp === undefined ? 'webhook-timestamp' : 'x-retell-signature';
  assertVersionNotAhead(timestamp, field, { receivedAt, maxSkewMs: deps.maxClockSkewMs });
  const eventId = eventIdOf('retell', raw);
  const parsed = parseRetellWebhook(raw, { eventId, timestamp, receivedAt, uidPaths: deps.uidPaths });
  if (parsed.kind === 'ignored') return { outcome: 'ignored', trigger: parsed.trigger, reason: parsed.reason };
  const { record } = parsed;
  const { deliveryId } = request;
  return writeAccepted({ source: 'retell', trigger: parsed.trigger, eventId, receivedAt, deliveryId, record }, deps);
}
