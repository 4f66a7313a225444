import type { AppointmentChangeV1 } from '@booking/shared/events';
import type { AppointmentState } from './types.ts';

/** The committed row plus what invalidation needs about the state it replaced. */
export function toChangeRecord(
  after: AppointmentState & { id: number },
  previous: { startAt: number | null; eventTypeId: number | null; customerId: number | null } | null,
  receivedAt: number,
  committedAt: number,
): AppointmentChangeV1 {
  return {
    bookingUid: after.bookingUid,
    appointmentId: after.id,
    customerId: after.customerId,
    source: after.source,
    status: after.status,
    title: after.title,
    eventTypeId: after.eventTypeId,
    teamId: after.teamId,
    startAt: after.startAt,
    endAt: after.endAt,
    timeZone: after.timeZone,
    location: after.location,
    rescheduledFromUid: after.rescheduledFromUid,
    rescheduledToUid: after.rescheduledToUid,
    cancellationReason: after.cancellationReason,
    calcomBookingId: after.calcomBookingId,
    retellCallId: after.retellCallId,
    version: after.version,
    lastEventId: after.lastEventId,
    receivedAt,
    committedAt,
    previousStartAt: previous?.startAt ?? null,
    previousEventTypeId: previous?.eventTypeId ?? null,
    previousCustomerId: previous?.customerId ?? null,
  };
}
