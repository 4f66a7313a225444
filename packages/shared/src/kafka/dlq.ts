// Dead-letter records (DESIGN.md, "bookings.dlq"): the original key, value and headers, plus
// headers saying what failed, where the record came from and which consumer gave up on it.
// `disposition` tells the two ways in apart: `dead-lettered` (decoding proved the record bad)
// and `parked` (it failed alone in the handler while every dependency was up; re-drive it once
// the cause is fixed).
import { failureCode } from './failure-scope.ts';
import { TOPICS } from './topics.ts';
import type { ConsumedRecord, OutgoingRecord } from './types.ts';

export const DLQ_HEADERS = {
  errorClass: 'error-class',
  errorMessage: 'error-message',
  errorCode: 'error-code',
  disposition: 'disposition',
  sourceTopic: 'source-topic',
  sourcePartition: 'source-partition',
  sourceOffset: 'source-offset',
  failedAt: 'failed-at',
  consumerGroup: 'consumer-group',
} as const;

const MAX_MESSAGE_LENGTH = 1000;

export type DlqDisposition = 'dead-lettered' | 'parked';

export function toDlqRecord(
  record: ConsumedRecord,
  error: unknown,
  consumerGroup: string,
  now = Date.now(),
  disposition: DlqDisposition = 'dead-lettered',
): OutgoingRecord {
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
      [DLQ_HEADERS.errorCode]: failureCode(error),
      [DLQ_HEADERS.disposition]: disposition,
      [DLQ_HEADERS.sourceTopic]: record.topic,
      [DLQ_HEADERS.sourcePartition]: String(record.partition),
      [DLQ_HEADERS.sourceOffset]: record.offset,
      [DLQ_HEADERS.failedAt]: new Date(now).toISOString(),
      [DLQ_HEADERS.consumerGroup]: consumerGroup,
    },
  };
}
