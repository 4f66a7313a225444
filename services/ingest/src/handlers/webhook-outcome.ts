import { AppError } from '@booking/shared/errors';
import type { RECORD_HEADERS } from '@booking/shared/events';
import type { OutgoingRecord } from '@booking/shared/kafka';
import type { WebhookSource } from './event-id.ts';

/** What a webhook use case returns; failures are thrown AppErrors mapped by the HTTP boundary. */
export type WebhookOutcome =
  | { outcome: 'accepted' | 'spooled'; trigger: string; bookingUid: string; eventId: string }
  | { outcome: 'ignored'; trigger: string; reason: string };

/** Where accepted records go; resolves only once the record is durable (Kafka ack or spool fsync). */
export interface RecordWriter {
  write(record: OutgoingRecord): Promise<{ spooled: boolean }>;
}

export interface Encoder<T> {
  encode(value: T): Promise<Buffer>;
}

export type RecordHeaders = Record<(typeof RECORD_HEADERS)[keyof typeof RECORD_HEADERS], string>;

export function signatureError(source: WebhookSource, reason: string): AppError {
  return new AppError('SIGNATURE_INVALID', `${source} signature ${reason}`);
}
