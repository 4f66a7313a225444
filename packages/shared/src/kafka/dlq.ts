// Dead-letter records (DESIGN.md, "bookings.dlq"): the original key, value and headers, plus
// headers saying what failed, where the record came from and which consumer gave up on it.
import { TOPICS } from './topics.ts';
import type { ConsumedRecord, OutgoingRecord } from './types.ts';

export const DLQ_HEADERS = {
  errorClass: 'error-class',
  errorMessage: 'error-message',
  sourceTopic: 'source-topic',
  sourcePartition: 'source-partition',
  sourceOffset: 'source-offset',
  failedAt: 'failed-at',
  consumerGroup: 'consumer-group',
} as const;

const MAX_MESSAGE_LENGTH = 1000;

export function toDlqRecord(record: ConsumedRecord, error: unknown, consumerGroup: string, now = Date.now()): OutgoingRecord {
  const errorClass = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return {
    topic: TOPICS.dlq,
    key: record.key ?? '',
    value: record.value ?? Buffer.alloc(0),
    headers: {
      ...record.headers,
      [DLQ_HEADERS.errorClass]: errorClass,
      [DLQ_HEADERS.errorMessage]: message.slice(0, MAX_MESSAGE_LENGTH),
      [DLQ_HEADERS.sourceTopic]: record.topic,
      [DLQ_HEADERS.sourcePartition]: String(record.partition),
      [DLQ_HEADERS.sourceOffset]: record.offset,
      [DLQ_HEADERS.failedAt]: new Date(now).toISOString(),
      [DLQ_HEADERS.consumerGroup]: consumerGroup,
    },
  };
}
