import { createHash } from 'node:crypto';

export type WebhookSource = 'calcom' | 'retell';

/** hex SHA-256 of source + raw body: a redelivery of the same bytes gets the same id. */
export function eventIdOf(source: WebhookSource, raw: Buffer): string {
  return createHash('sha256').update(source).update(raw).digest('hex');
}
