// The merge rules of DESIGN.md "Ordering, duplicates, reschedules, merging sources", as pure
// functions. `verify` and `replay` must reach the same rows, so nothing here reads a clock.
import {
  type AppointmentStatus,
  type BookingStateV1,
  boundState,
  CALCOM_BINDINGS,
  VOICE_BINDINGS,
  type VoiceBookingV1,
} from '@booking/shared/events';
import type { AppointmentState, CustomerInput, Outcome } from './types.ts';

/** Later lifecycle steps win on equal versions: cancelled/rejected > rescheduled > the rest. */
export function lifecycleRank(status: AppointmentStatus): number {
  if (status === 'CANCELLED' || status === 'REJECTED') return 3;
  if (status === 'RESCHEDULED') return 2;
  return 1;
}

export interface VersionedChange {
  version: number;
  eventId: string;
  status: AppointmentStatus;
}

/**
 * The version guard. Newer version applies, older is stale; on equal versions the same event
 * id is a duplicate, and otherwise the later lifecycle step wins. Equal version and rank with
 * different event ids (two webhooks in the same millisecond) is settled by the larger event
 * id, so the result does not depend on delivery order.
 */
export function classifyChange(change: VersionedChange, row: AppointmentState | null): Outcome {
  if (!row) return 'applied';
  if (change.version > row.version) return 'applied';
  if (change.version < row.version) return 'stale';
  if (change.eventId === row.lastEventId) return 'duplicate';
  const incoming = lifecycleRank(change.status);
  const current = lifecycleRank(row.status);
  if (incoming !== current) return incoming > current ? 'applied' : 'stale';
  return row.lastEventId !== null && change.eventId < row.lastEventId ? 'stale' : 'applied';
}

/** An e-mail as the customer key and the customers row hold it: trimmed, lower-cased. */
export const normaliseEmail = (email: string | null): string | null => email?.trim().toLowerCase() || null;

/** A phone as a customer key: its digits (full-width ones read as ASCII), with its leading +. */
export function normalisePhone(phone: string | null): string | null {
  const text = phone?.normalize('NFKC').trim() ?? '';
  const digits = text.replace(/[^0-9]/g, '');
  if (!digits) return null;
  return text.startsWith('+') ? `+${digits}` : digits;
}

/**
 * The one place where a customer's identity is normalised (issue #21): the e-mail (else the
 * phone) as normaliseEmail/normalisePhone spell it. The key is then stored and compared byte
 * for byte (customers.customer_key is utf8mb4_nopad_bin), so nothing folds further: 'ß' stays
 * 'ß' (JavaScript's lower case is locale-free), straße@ and strasse@ are two people, and so are
 * an NFC and an NFD spelling of one address.
 */
export function customerKey(email: string | null, phone: string | null): string | null {
  return normaliseEmail(email) ?? normalisePhone(phone);
}

export function calcomCustomer(record: BookingStateV1): CustomerInput | null {
  const a = record.attendee;
  const key = a ? customerKey(a.email, a.phone) : null;
  if (!a || !key) return null;
  return { key, email: normaliseEmail(a.email), phone: a.phone || null, name: a.name || null, mode: 'overwrite' };
}

export function retellCustomer(record: VoiceBookingV1): CustomerInput | null {
  const key = customerKey(record.customerEmail, record.callerPhone);
  if (!key) return null;
  return {
    key,
    email: normaliseEmail(record.customerEmail),
    phone: record.callerPhone || null,
    name: record.customerName || null,
    mode: 'fill',
  };
}

/**
 * The row a Cal.com record describes: its full state (the bound fields, CALCOM_BINDINGS); a known
 * Retell call id and reschedule link are kept.
 */
export function stateFromCalcom(
  record: BookingStateV1,
  row: AppointmentState | null,
  customerId: number | null,
): AppointmentState {
  return {
    ...boundState(CALCOM_BINDINGS, record, 'own'),
    customerId,
    source: 'calcom',
    status: record.status,
    timeZone: record.attendee?.timeZone ?? record.organizer?.timeZone ?? null,
    // Cal.com's cancel/reject payloads of a rescheduled booking do not repeat rescheduleUid:
    // a later state without it must not erase the link the reschedule made.
    rescheduledFromUid: record.rescheduledFromUid ?? row?.rescheduledFromUid ?? null,
    rescheduledToUid: row?.rescheduledToUid ?? null,
    retellCallId: record.retellCallId ?? row?.retellCallId ?? null,
  };
}

/**
 * The old booking of a reschedule: Cal.com sends no cancel for it, so the reschedule marks it
 * RESCHEDULED with its own version; an old row not seen yet is created from the old slot.
 */
export function rescheduledOldState(record: BookingStateV1, row: AppointmentState | null): AppointmentState {
  const oldUid = record.rescheduledFromUid as string;
  const base: AppointmentState = row ?? {
    ...stateFromCalcom(record, null, null),
    ...boundState(CALCOM_BINDINGS, record, 'replaced'),
    bookingUid: oldUid,
    rescheduledFromUid: null,
    cancellationReason: null,
    calcomBookingId: null,
    retellCallId: null,
  };
  return {
    ...base,
    source: 'calcom',
    status: 'RESCHEDULED',
    rescheduledToUid: record.bookingUid,
    version: record.version,
    lastEventId: record.eventId,
  };
}

/**
 * Retell enriches and never changes status, times or version (its clock is not Cal.com's).
 * Without a row it creates one at version 0 so that any Cal.com record overrides it.
 * Returns null when the row already carries everything the record adds.
 */
export function mergeRetell(
  record: VoiceBookingV1,
  row: AppointmentState | null,
  rowHasCustomer: boolean,
): AppointmentState | null {
  if (!row) {
    return {
      ...boundState(VOICE_BINDINGS, record, 'own'),
      customerId: null,
      source: 'retell',
      status: 'ACCEPTED',
      title: null,
      teamId: null,
      endAt: null,
      timeZone: null,
      location: null,
      rescheduledFromUid: null,
      rescheduledToUid: null,
      cancellationReason: null,
      calcomBookingId: null,
      version: 0,
      lastEventId: null,
    };
  }
  const needsCustomer = !rowHasCustomer && retellCustomer(record) !== null;
  if (row.retellCallId === record.callId && !needsCustomer) return null;
  return { ...row, retellCallId: record.callId };
}
