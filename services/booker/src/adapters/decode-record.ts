// Decoding and validation of the source records. A record is refused (InvalidEventError, so it
// goes to the DLQ) for exactly the reasons the ingest refuses a webhook with a 400: the checks
// are the field table's (bookingStateProblems / voiceBookingProblems in @booking/shared/events),
// plus the record key. Records are read with the code's schema (the reader), so fields added
// later take their defaults on old records. A registry outage or an unknown schema id is
// retriable and makes the batch retry.
import { type ErrorDetail, InvalidEventError } from '@booking/shared/errors';
import {
  type BookingStateV1,
  bookingStateProblems,
  bookingStateV1,
  type VoiceBookingV1,
  voiceBookingProblems,
  voiceBookingV1,
} from '@booking/shared/events';
import type { ConsumedRecord } from '@booking/shared/kafka';
import { decodeAvro, type SchemaRegistry } from '@booking/shared/registry';
import type { SourceRecord } from '../handlers/types.ts';

export interface SourceTopics {
  calcom: string;
  retell: string;
}

/** Throws InvalidEventError naming every problem of a decoded source record. */
export function assertUsable(key: string | null, kind: SourceRecord['kind'], value: BookingStateV1 | VoiceBookingV1): void {
  const problems: ErrorDetail[] =
    kind === 'calcom' ? bookingStateProblems(value as BookingStateV1) : voiceBookingProblems(value as VoiceBookingV1);
  if (key !== value.bookingUid) problems.push({ field: 'key', message: 'record key is not the booking UID' });
  if (problems.length > 0) {
    const message = problems.map((p) => `${p.field} ${p.message}`).join('; ');
    throw new InvalidEventError(message, { details: problems });
  }
}

export async function decodeRecord(
  registry: SchemaRegistry,
  topics: SourceTopics,
  record: ConsumedRecord,
): Promise<SourceRecord> {
  const position = { topic: record.topic, partition: record.partition, offset: record.offset };
  if (record.topic === topics.calcom) {
    const value = await decodeAvro<BookingStateV1>(registry, record.value, bookingStateV1.schema);
    assertUsable(record.key, 'calcom', value);
    return { kind: 'calcom', value, position };
  }
  if (record.topic === topics.retell) {
    const value = await decodeAvro<VoiceBookingV1>(registry, record.value, voiceBookingV1.schema);
    assertUsable(record.key, 'retell', value);
    return { kind: 'retell', value, position };
  }
  throw new InvalidEventError(`unexpected topic ${record.topic}`);
}
