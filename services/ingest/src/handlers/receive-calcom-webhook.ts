// POST /webhooks/calcom as a use case: authenticate the raw bytes (Cal.com's signature, or a
// gateway's in its place), parse, check the allow-list, encode, and return only after the
// record is durable.
import { AppError } from '@booking/shared/errors';
import type { BookingStateV1 } from '@booking/shared/events';
import { authenticateWebhook, type GatewayAuth, type WebhookRequest } from './authenticate-webhook.ts';
import { assertVersionNotAhead } from './check-version-clock.ts';
import { eventIdOf } from './event-id.ts';
import { type AllowList, isBookingAllowed } from './is-booking-allowed.ts';
import { parseCalcomWebhook } from './parse-calcom-webhook.ts';
import { verifyCalcomSignature } from './verify-calcom-signature.ts';
import { type Encoder, type RecordWriter, type WebhookOutcome, writeAccepted } from './webhook-outcome.ts';

export interface CalcomWebhookDeps {
  secrets: readonly string[];
  gateway: GatewayAuth;
  allow: AllowList;
  topic: string;
  codec: Encoder<BookingStateV1>;
  writer: RecordWriter;
  now: () => number;
  /** INGEST_MAX_CLOCK_SKEW_MS: how far createdAt (the version) may be ahead of `now` */
  maxClockSkewMs: number;
}

export async function receiveCalcomWebhook(
  raw: Buffer,
  request: WebhookRequest,
  deps: CalcomWebhookDeps,
): Promise<WebhookOutcome> {
  const receivedAt = deps.now();
  authenticateWebhook(
    raw,
    request,
    { ...deps.gateway, nowMs: receivedAt },
    { label: 'calcom', header: 'x-cal-signature-256', check: () => verifyCalcomSignature(raw, request.signature, deps.secrets) },
  );
  const eventId = eventIdOf('calcom', raw);
  const parsed = parseCalcomWebhook(raw, { eventId, receivedAt });
  if (parsed.kind === 'ignored') return { outcome: 'ignored', trigger: parsed.trigger, reason: parsed.reason };
  const { record } = parsed;
  assertVersionNotAhead(record.version, 'createdAt', { receivedAt, maxSkewMs: deps.maxClockSkewMs });
  if (!isBookingAllowed(record, deps.allow)) {
    throw new AppError('FORBIDDEN', 'team and event type are not allowed', {
      details: [{ field: 'payload.team.id', message: 'neither the team nor the event type is on the allow-list' }],
    });
  }
  const { deliveryId } = request;
  return writeAccepted({ source: 'calcom', trigger: record.trigger, eventId, receivedAt, deliveryId, record }, deps);
}
