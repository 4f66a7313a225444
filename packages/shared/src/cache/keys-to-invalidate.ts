import type { AppointmentChangeV1 } from '../events/appointment-change.v1.ts';
import { APPOINTMENT_PREVIOUS_FIELDS, type AppointmentPreviousField } from '../events/appointment-fields.ts';
import { appointmentKey, availabilityKey, customerAppointmentsKey } from './keys.ts';

/** The row's current fields the keys depend on; every remembered ("previous") field is read too. */
const CURRENT_FIELDS = ['customerId', 'eventTypeId', 'startAt', 'rescheduledFromUid', 'rescheduledToUid'] as const;

/**
 * What keysToInvalidate reads of a change. The previous fields come from the field table
 * (APPOINTMENT_PREVIOUS_FIELDS), so a remembered field added there is part of it at once.
 */
export type ChangeForInvalidation = Pick<
  AppointmentChangeV1,
  'bookingUid' | (typeof CURRENT_FIELDS)[number] | AppointmentPreviousField
>;

const READ_FIELDS = [...CURRENT_FIELDS, ...(Object.keys(APPOINTMENT_PREVIOUS_FIELDS) as AppointmentPreviousField[])];

/**
 * A change that names only its booking, every other field it reads empty: a tombstone (the row
 * is gone, nothing is known of what it held), whose keys are the appointment's own.
 */
export const changeOfBookingOnly = (bookingUid: string): ChangeForInvalidation => ({
  ...(Object.fromEntries(READ_FIELDS.map((field) => [field, null])) as Omit<ChangeForInvalidation, 'bookingUid'>),
  bookingUid,
});

/**
 * Which keys a committed appointment change makes stale: the appointment itself; the
 * availability of the day it occupies now and of the day it occupied before (a reschedule, a
 * moved slot or a changed event type frees one and takes another); the appointment list of the
 * current and of the previous customer. Status changes (cancel, reject, rescheduled-away) are
 * covered because they change what both the appointment and the availability keys hold.
 *
 * A reschedule to a new booking UID is two committed changes (the new row and the old row
 * marked RESCHEDULED); each clears its own date. The linked appointment (rescheduled from / to)
 * is cleared by both as well, because its cached form shows the link — and so that the old
 * appointment never stays cached as bookable if only one of the two changes got through.
 *
 * When the row existed but had no event type, the previous date is cleared under the current
 * event type: over-invalidating a key costs a cache miss, missing one serves a stale slot.
 * Sorted and without duplicates. Throws a RangeError for an instant outside the Date range.
 */
export function keysToInvalidate(change: ChangeForInvalidation): string[] {
  const keys = new Set<string>([appointmentKey(change.bookingUid)]);
  if (change.eventTypeId !== null && change.startAt !== null) keys.add(availabilityKey(change.eventTypeId, change.startAt));
  const previousEventType = change.previousEventTypeId ?? change.eventTypeId;
  if (previousEventType !== null && change.previousStartAt !== null)
    keys.add(availabilityKey(previousEventType, change.previousStartAt));
  if (change.customerId !== null) keys.add(customerAppointmentsKey(change.customerId));
  if (change.previousCustomerId !== null) keys.add(customerAppointmentsKey(change.previousCustomerId));
  if (change.rescheduledFromUid) keys.add(appointmentKey(change.rescheduledFromUid));
  if (change.rescheduledToUid) keys.add(appointmentKey(change.rescheduledToUid));
  return [...keys].sort();
}
