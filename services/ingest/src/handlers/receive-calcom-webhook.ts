// POST /webhooks/calcom as a use case: verify the signature over the raw bytes, parse, check the
// allow-list, encode, and return only after the record is durable.
import { AppError } from '@booking/shared/errors';
import type { BookingStateV1 } from '@booking/shared/events';
import { eventIdOf } from './event-id.ts';
import { type AllowList, isBookingAllowed } from './is-booking-allowed.ts';
import { parseCalcomWebhook } from './parse-calcom-webhook.ts';
import { verifyCalcomSignature } from './verify-calcom-signature.ts';
import { type Encoder, type RecordWriter, signatureError, type WebhookOutcome, writeAccepted } from './webhook-outcome.ts';

export interface CalcomWebhookDeps {
  secrets: readonly string[];
  allow: AllowList;
  topic: string;
  codec: Encoder<BookingStateV1>;
  writer: RecordWriter;
  now: () => number;
}

export async function receiveCalcomWebhook(
  raw: Buffer,
  signature: string | undefined,
  deps: CalcomWebhookDeps,
): Promise<WebhookOutcome> {
  const check = verifyCalcomSignature(raw, signature, deps.secrets);
  if (!check.ok) throw signatureError('calcom', check.reason);
  const receivedAt = deps.now();
  const eventId = eventIdOf('calcom', raw);
  const parsed = parseCalcomWebhook(raw, { eventId, receivedAt });
  if (parsed.kind === 'ignored') return { outcome: 'ignored', trigger: parsed.trigger, reason: parsed.reason };
  const { record } = parsed;
  if (!isBookingAllowed(record, deps.allow)) {
    throw new AppError('FORBIDDEN', 'team and event type are not allowed', {
      details: [{ field: 'payload.team.id', message: 'neither the team nor the event type is on the allow-list' }],
    });
  }
  return writeAccepted({ source: 'calcom', trigger: record.trigger, eventId, receivedAt, record }, deps);
}
