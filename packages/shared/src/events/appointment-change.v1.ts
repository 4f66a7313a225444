// bookings.changes — one record per committed change of an appointment row: the row as
// committed plus what invalidation needs about the state it replaced. Produced by the booker
// after the database commit; consumed by the cache invalidator (and any other reader).
import { TOPICS } from '../kafka/topics.ts';
import { type EventDefinition, optional, required } from './types.ts';

export const APPOINTMENT_STATUSES = ['ACCEPTED', 'PENDING', 'CANCELLED', 'REJECTED', 'RESCHEDULED'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface AppointmentChangeV1 {
  bookingUid: string;
  appointmentId: number;
  customerId: number | null;
  source: 'calcom' | 'retell';
  status: AppointmentStatus;
  title: string | null;
  eventTypeId: number | null;
  teamId: number | null;
  /** UTC epoch ms */
  startAt: number | null;
  endAt: number | null;
  timeZone: string | null;
  location: string | null;
  rescheduledFromUid: string | null;
  rescheduledToUid: string | null;
  cancellationReason: string | null;
  calcomBookingId: number | null;
  retellCallId: string | null;
  version: number;
  lastEventId: string | null;
  /** receivedAt of the webhook that caused the change (pipeline latency starts here) */
  receivedAt: number;
  committedAt: number;
  /** null when the row did not exist before this change */
  previousStartAt: number | null;
  previousEventTypeId: number | null;
  previousCustomerId: number | null;
}

export const appointmentChangeV1 = {
  topic: TOPICS.changes,
  subject: `${TOPICS.changes}-value`,
  schema: {
    type: 'record',
    name: 'AppointmentChange',
    namespace: 'booking.pipeline.changes',
    fields: [
      required('bookingUid', 'string'),
      required('appointmentId', 'long'),
      optional('customerId', 'long'),
      required('source', 'string', 'calcom | retell'),
      required('status', 'string', 'ACCEPTED PENDING CANCELLED REJECTED RESCHEDULED'),
      optional('title', 'string'),
      optional('eventTypeId', 'long'),
      optional('teamId', 'long'),
      optional('startAt', 'long', 'UTC epoch ms'),
      optional('endAt', 'long', 'UTC epoch ms'),
      optional('timeZone', 'string'),
      optional('location', 'string'),
      optional('rescheduledFromUid', 'string'),
      optional('rescheduledToUid', 'string'),
      optional('cancellationReason', 'string'),
      optional('calcomBookingId', 'long'),
      optional('retellCallId', 'string'),
      required('version', 'long'),
      optional('lastEventId', 'string'),
      required('receivedAt', 'long', 'epoch ms'),
      required('committedAt', 'long', 'epoch ms'),
      optional('previousStartAt', 'long'),
      optional('previousEventTypeId', 'long'),
      optional('previousCustomerId', 'long'),
    ],
  },
} as const satisfies EventDefinition;
