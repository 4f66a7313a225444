// Pure decisions of the DLQ tool: which dead letters match the operator's filters, and what
// record re-publishing one of them produces (the original key, value and headers, back on the
// topic it came from; the error headers are dropped).
import { type ConsumedRecord, DLQ_HEADERS, type DlqDisposition, type OutgoingRecord } from '@booking/shared/kafka';

export interface DlqFilter {
  sourceTopic?: string;
  errorClass?: string;
  errorCode?: string;
  /** dead-lettered (decoding proved it bad) or parked (failed alone with every dependency up) */
  disposition?: DlqDisposition;
  /** epoch ms, inclusive */
  since?: number;
  /** epoch ms, exclusive */
  until?: number;
}

export interface DeadLetter {
  offset: string;
  key: string | null;
  sourceTopic: string;
  sourcePartition: string;
  sourceOffset: string;
  errorClass: string;
  errorCode: string;
  errorMessage: string;
  disposition: DlqDisposition;
  failedAt: string;
  consumerGroup: string;
}

const dlqHeaderNames = new Set<string>(Object.values(DLQ_HEADERS));

export function describeDeadLetter(record: ConsumedRecord): DeadLetter {
  const h = record.headers;
  return {
    offset: record.offset,
    key: record.key,
    sourceTopic: h[DLQ_HEADERS.sourceTopic] ?? '',
    sourcePartition: h[DLQ_HEADERS.sourcePartition] ?? '',
    sourceOffset: h[DLQ_HEADERS.sourceOffset] ?? '',
    errorClass: h[DLQ_HEADERS.errorClass] ?? '',
    errorCode: h[DLQ_HEADERS.errorCode] ?? '',
    errorMessage: h[DLQ_HEADERS.errorMessage] ?? '',
    // letters written before parking existed have no disposition: decoding refused them
    disposition: h[DLQ_HEADERS.disposition] === 'parked' ? 'parked' : 'dead-lettered',
    failedAt: h[DLQ_HEADERS.failedAt] ?? '',
    consumerGroup: h[DLQ_HEADERS.consumerGroup] ?? '',
  };
}

export function matchesFilter(letter: DeadLetter, filter: DlqFilter): boolean {
  if (filter.sourceTopic && letter.sourceTopic !== filter.sourceTopic) return false;
  if (filter.errorClass && letter.errorClass !== filter.errorClass) return false;
  if (filter.errorCode && letter.errorCode !== filter.errorCode) return false;
  if (filter.disposition && letter.disposition !== filter.disposition) return false;
  const failedAt = Date.parse(letter.failedAt);
  if (filter.since !== undefined && !(failedAt >= filter.since)) return false;
  if (filter.until !== undefined && !(failedAt < filter.until)) return false;
  return true;
}

export function toRedriveRecord(record: ConsumedRecord): OutgoingRecord {
  const topic = record.headers[DLQ_HEADERS.sourceTopic];
  if (!topic) throw new Error(`DLQ record at offset ${record.offset} has no ${DLQ_HEADERS.sourceTopic} header`);
  const headers = Object.fromEntries(Object.entries(record.headers).filter(([name]) => !dlqHeaderNames.has(name)));
  return { topic, key: record.key ?? '', value: record.value ?? Buffer.alloc(0), headers };
}
