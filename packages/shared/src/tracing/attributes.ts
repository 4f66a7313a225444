// Span names and attributes of the pipeline (DESIGN.md "Tracing"), defined once. The stable
// semantic conventions come from @opentelemetry/semantic-conventions; the messaging ones are
// still incubating there, so their names are spelled here; ours are under `booking.`.
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import { RECORD_HEADERS } from '../events/index.ts';

export const ATTR = {
  httpMethod: ATTR_HTTP_REQUEST_METHOD,
  httpRoute: ATTR_HTTP_ROUTE,
  httpStatus: ATTR_HTTP_RESPONSE_STATUS_CODE,
  dbSystem: ATTR_DB_SYSTEM_NAME,
  dbOperation: ATTR_DB_OPERATION_NAME,
  messagingSystem: 'messaging.system',
  messagingOperation: 'messaging.operation.type',
  destination: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
  offset: 'messaging.kafka.offset',
  messageKey: 'messaging.kafka.message.key',
  batchCount: 'messaging.batch.message_count',
  eventId: 'booking.event_id',
  deliveryId: 'booking.delivery_id',
  outcome: 'booking.outcome',
  spooled: 'booking.spooled',
} as const;

/** Attributes of a Kafka record span: where it goes or came from, and its event and delivery ids. */
export function recordAttributes(
  operation: 'send' | 'process',
  record: { topic: string; key?: string | null; headers?: Record<string, string>; partition?: number; offset?: string },
): Attributes {
  const attributes: Attributes = {
    [ATTR.messagingSystem]: 'kafka',
    [ATTR.messagingOperation]: operation,
    [ATTR.destination]: record.topic,
  };
  if (record.key) attributes[ATTR.messageKey] = record.key;
  if (record.partition !== undefined) attributes[ATTR.partition] = String(record.partition);
  if (record.offset !== undefined) attributes[ATTR.offset] = Number(record.offset);
  const eventId = record.headers?.[RECORD_HEADERS.eventId];
  if (eventId !== undefined) attributes[ATTR.eventId] = eventId;
  const deliveryId = record.headers?.[RECORD_HEADERS.deliveryId];
  if (deliveryId !== undefined) attributes[ATTR.deliveryId] = deliveryId;
  return attributes;
}
