// Turns a consumed bookings.changes record into an Invalidation, or says why it never will.
import { changeOfBookingOnly, keysToInvalidate } from '@booking/shared/cache';
import { InvalidEventError } from '@booking/shared/errors';
import { type AppointmentChangeV1, appointmentChangeV1 } from '@booking/shared/events';
import type { ConsumedRecord } from '@booking/shared/kafka';
import { decodeAvro, type SchemaRegistry } from '@booking/shared/registry';
import type { Invalidation } from '../handlers/invalidate-changes.ts';

/**
 * Throws InvalidEventError for a record that can never be used (not Avro, wrong schema, an
 * instant outside the Date range) and DependencyUnavailableError when the registry is down.
 * A tombstone (null value with a key) means the row is gone: its appointment key goes.
 */
export async function decodeChange(registry: SchemaRegistry, record: ConsumedRecord): Promise<Invalidation> {
  if (record.value === null && record.key) {
    return { bookingUid: record.key, receivedAt: null, keys: keysToInvalidate(changeOfBookingOnly(record.key)) };
  }
  const change = await decodeAvro<AppointmentChangeV1>(registry, record.value, appointmentChangeV1.schema);
  try {
    return { bookingUid: change.bookingUid, receivedAt: change.receivedAt, keys: keysToInvalidate(change) };
  } catch (error) {
    throw new InvalidEventError(`change cannot be turned into cache keys: ${(error as Error).message}`, { cause: error });
  }
}
