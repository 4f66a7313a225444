import type { AppointmentChangeV1 } from '../events/appointment-change.v1.ts';
import { appointmentKey, availabilityKey, customerAppointmentsKey } from './keys.ts';

export type ChangeForInvalidation = Pick<
  AppointmentChangeV1,
  'bookingUid' | 'customerId' | 'eventTypeId' | 'startAt' | 'previousStartAt' | 'previousEventTypeId' | 'previousCustomerId'
>;

/**
 * Which keys a committed appointment change makes stale: the appointment itself; the
 * availability of the day it occupies now and of the day it occupied before (a reschedule, a
 * moved slot or a changed event type frees one and takes another); the appointment list of the
 * current and of the previous customer. Status changes (cancel, reject, rescheduled-away) are
 * covered because they change what both the appointment and the availability keys hold.
 * Sorted and without duplicates.
 */
export function keysToInvalidate(change: ChangeForInvalidation): string[] {
  const keys = new Set<string>([appointmentKey(change.bookingUid)]);
  if (change.eventTypeId !== null && change.startAt !== null) keys.add(availabilityKey(change.eventTypeId, change.startAt));
  const previousEventType = change.previousEventTypeId ?? change.eventTypeId;
  if (previousEventType !== null && change.previousStartAt !== null)
    keys.add(availabilityKey(previousEventType, change.previousStartAt));
  if (change.customerId !== null) keys.add(customerAppointmentsKey(change.customerId));
  if (change.previousCustomerId !== null) keys.add(customerAppointmentsKey(change.previousCustomerId));
  return [...keys].sort();
}
