// Decoding and validation of the source records. Anything thrown as InvalidEventError is
// permanent (the record goes to the DLQ); a registry outage surfaces as
// DependencyUnavailableError and makes the batch retry.
import { InvalidEventError } from '@booking/shared/errors';
import type { BookingStateV1, VoiceBookingV1 } from '@booking/shared/events';
import type { ConsumedRecord } from '@booking/shared/kafka';
import { decodeAvro, type SchemaRegistry } from '@booking/shared/registry';
import type { SourceRecord } from '../handlers/types.ts';

export interface SourceTopics {
  calcom: string;
  retell: string;
}

/** Column widths of the data model: a longer value would fail the whole transaction. */
const LIMITS: Record<string, number> = {
  eventId: 64,
  bookingUid: 191,
  rescheduledFromUid: 191,
  title: 512,
  location: 1024,
  retellCallId: 128,
  callId: 128,
  customerEmail: 320,
  customerName: 255,
  callerPhone: 32,
};

function checkLengths(value: object, limits: Record<string, number>, prefix = '') {
  for (const [field, max] of Object.entries(limits)) {
    const v = (value as Record<string, unknown>)[field];
    if (typeof v === 'string' && v.length > max)
      throw new InvalidEventError(`${prefix}${field} is longer than ${max} characters`);
  }
}

function checkCommon(record: ConsumedRecord, value: { bookingUid: string; eventId: string; version: number }) {
  if (!value.bookingUid) throw new InvalidEventError('bookingUid is empty');
  if (!value.eventId) throw new InvalidEventError('eventId is empty');
  if (record.key !== value.bookingUid) throw new InvalidEventError('record key is not the booking UID');
  if (!Number.isSafeInteger(value.version) || value.version < 0)
    throw new InvalidEventError('version is not a non-negative integer');
  checkLengths(value, LIMITS);
}

function checkCalcom(v: BookingStateV1) {
  if (!Number.isFinite(v.startTime) || !Number.isFinite(v.endTime)) throw new InvalidEventError('startTime/endTime missing');
  if (v.version === 0) throw new InvalidEventError('a Cal.com version must be positive');
  if (v.rescheduledFromUid && (v.rescheduleStartTime === null || v.rescheduleEndTime === null)) {
    throw new InvalidEventError('a reschedule must carry the old slot (rescheduleStartTime/EndTime)');
  }
  if (v.attendee) checkLengths(v.attendee, { email: 320, name: 255, phone: 32, timeZone: 64 }, 'attendee.');
  if (v.organizer) checkLengths(v.organizer, { timeZone: 64 }, 'organizer.');
}

export async function decodeRecord(
  registry: SchemaRegistry,
  topics: SourceTopics,
  record: ConsumedRecord,
): Promise<SourceRecord> {
  const position = { topic: record.topic, partition: record.partition, offset: record.offset };
  if (record.topic === topics.calcom) {
    const value = await decodeAvro<BookingStateV1>(registry, record.value);
    checkCommon(record, value);
    checkCalcom(value);
    return { kind: 'calcom', value, position };
  }
  if (record.topic === topics.retell) {
    const value = await decodeAvro<VoiceBookingV1>(registry, record.value);
    checkCommon(record, value);
    if (!value.callId) throw new InvalidEventError('callId is empty');
    return { kind: 'retell', value, position };
  }
  throw new InvalidEventError(`unexpected topic ${record.topic}`);
}
