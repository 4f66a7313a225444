// The one consumer error policy (DESIGN.md "Consumer error policy"), as pure functions: which
// failure proves a record bad (dead-letter it and move on) and which one only says that we
// could not process it now (retry the batch in place). Everything not proven bad is retried:
// a DLQ that swallows an outage loses data, a retry loses only time.
import { isAppError } from '../errors/index.ts';
import { toDlqRecord } from './dlq.ts';
import type { ConsumedRecord, OutgoingRecord } from './types.ts';

export type FailureAction = 'dead-letter' | 'retry';

/**
 * Dead-letter only a record proven bad: an AppError with code EVENT_INVALID that is not
 * retriable (decoding or validation refused the record itself). Retriable errors, unknown
 * schema ids (SCHEMA_UNKNOWN), other codes and plain Errors are retried in place.
 */
export function classifyRecordFailure(error: unknown): FailureAction {
  return isAppError(error) && error.code === 'EVENT_INVALID' && !error.retriable ? 'dead-letter' : 'retry';
}

/** The label of a failed batch attempt: the error code, or UNKNOWN for anything that is not ours. */
export function failureReason(error: unknown): string {
  return isAppError(error) ? error.code : 'UNKNOWN';
}

/** The label of a dead-lettered record: its error class, as both consumers always labelled it. */
export function deadLetterReason(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

export interface DecodedRecords<T> {
  values: T[];
  /** the record each value came from */
  decodedFrom: ConsumedRecord[];
  deadLetters: { record: ConsumedRecord; error: unknown }[];
}

/**
 * Decodes the records of a batch in order. A record proven bad is set aside for the DLQ; any
 * other failure is rethrown, so that nothing of the batch is committed and it is retried.
 */
export async function decodeRecords<T>(
  records: ConsumedRecord[],
  decode: (record: ConsumedRecord) => Promise<T>,
  heartbeat: () => Promise<void>,
): Promise<DecodedRecords<T>> {
  const result: DecodedRecords<T> = { values: [], decodedFrom: [], deadLetters: [] };
  for (const [i, record] of records.entries()) {
    try {
      result.values.push(await decode(record));
      result.decodedFrom.push(record);
    } catch (error) {
      if (classifyRecordFailure(error) === 'retry') throw error;
      result.deadLetters.push({ record, error });
    }
    if (i % 500 === 499) await heartbeat();
  }
  return result;
}

export function toDeadLetterRecords(
  deadLetters: DecodedRecords<unknown>['deadLetters'],
  topic: string,
  groupId: string,
  now: number,
): OutgoingRecord[] {
  return deadLetters.map(({ record, error }) => ({ ...toDlqRecord(record, error, groupId, now), topic }));
}
