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

type HeaderName = (typeof RECORD_HEADERS)[keyof typeof RECORD_HEADERS];
export type RecordHeaders = Record<Exclude<HeaderName, 'delivery-id'>, string> & { 'delivery-id'?: string };

export interface AcceptedRecord<T extends { bookingUid: string }> {
  source: WebhookSource;
  trigger: string;
  eventId: string;
  receivedAt: number;
  /** The gateway's delivery id, if it sent a valid one. */
  deliveryId: string | undefined;
  record: T;
}

/** The common end of both webhook use cases: headers, encode, and wait until it is durable. */
export async function writeAccepted<T extends { bookingUid: string }>(
  accepted: AcceptedRecord<T>,
  deps: { topic: string; codec: Encoder<T>; writer: RecordWriter },
): Promise<WebhookOutcome> {
  const { source, trigger, eventId, receivedAt, deliveryId, record } = accepted;
  const headers: RecordHeaders = { source, trigger, 'event-id': eventId, 'received-at': String(receivedAt) };
  if (deliveryId !== undefined) headers['delivery-id'] = deliveryId;
  const value = await deps.codec.encode(record);
  const { spooled } = await deps.writer.write({ topic: deps.topic, key: record.bookingUid, value, headers });
  return { outcome: spooled ? 'spooled' : 'accepted', trigger, bookingUid: record.bookingUid, eventId };
}
