// bookings.calcom — the complete state of a Cal.com booking after one webhook (never a delta),
// so that the last record per key (compaction) is enough to rebuild the appointment row.
import { TOPICS } from '../kafka/topics.ts';
import { BOOKING_STATUSES } from './appointment-fields.ts';
import { type EventDefinition, optional, required, subjectOf } from './types.ts';

export const CALCOM_TRIGGERS = [
  'BOOKING_CREATED',
  'BOOKING_REQUESTED',
  'BOOKING_RESCHEDULED',
  'BOOKING_CANCELLED',
  'BOOKING_REJECTED',
  'BOOKING_PAID',
  'BOOKING_PAYMENT_INITIATED',
] as const;
export type CalcomTrigger = (typeof CALCOM_TRIGGERS)[number];

export { BOOKING_STATUSES } from './appointment-fields.ts';
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export interface Organizer {
  email: string | null;
  name: string | null;
  timeZone: string | null;
}

export interface Attendee {
  name: string | null;
  email: string | null;
  phone: string | null;
  timeZone: string | null;
}

export interface BookingStateV1 {
  /** hex SHA-256 of "calcom" + raw body: identical redeliveries share it. */
  eventId: string;
  trigger: CalcomTrigger;
  /** epoch ms of the envelope's createdAt (Cal.com's dispatch time). */
  version: number;
  /** epoch ms at which the ingest received the webhook. */
  receivedAt: number;
  bookingUid: string;
  status: BookingStatus;
  calcomBookingId: number | null;
  eventTypeId: number | null;
  eventTypeSlug: string | null;
  teamId: number | null;
  title: string | null;
  /** UTC epoch ms */
  startTime: number;
  /** UTC epoch ms */
  endTime: number;
  organizer: Organizer | null;
  attendee: Attendee | null;
  location: string | null;
  /** The payload's rescheduleUid: the booking this one replaces. */
  rescheduledFromUid: string | null;
  rescheduleStartTime: number | null;
  rescheduleEndTime: number | null;
  /** Cancellation or rejection reason. */
  cancellationReason: string | null;
  retellCallId: string | null;
  /** The webhook payload as received (JSON), for audit. */
  rawPayload: string;
}

export const organizerSchema = {
  type: 'record',
  name: 'Organizer',
  fields: [optional('email', 'string'), optional('name', 'string'), optional('timeZone', 'string')],
};

export const attendeeSchema = {
  type: 'record',
  name: 'Attendee',
  fields: [optional('name', 'string'), optional('email', 'string'), optional('phone', 'string'), optional('timeZone', 'string')],
};

export const bookingStateV1 = {
  topic: TOPICS.calcom,
  subject: subjectOf(TOPICS.calcom),
  schema: {
    type: 'record',
    name: 'BookingState',
    namespace: 'booking.pipeline.calcom',
    fields: [
      required('eventId', 'string', 'hex SHA-256 of "calcom" + raw body'),
      required('trigger', 'string'),
      required('version', 'long', 'epoch ms of the envelope createdAt'),
      required('receivedAt', 'long', 'epoch ms'),
      required('bookingUid', 'string'),
      required('status', { type: 'enum', name: 'BookingStatus', symbols: [...BOOKING_STATUSES] }),
      optional('calcomBookingId', 'long'),
      optional('eventTypeId', 'long'),
      optional('eventTypeSlug', 'string'),
      optional('teamId', 'long'),
      optional('title', 'string'),
      required('startTime', 'long', 'UTC epoch ms'),
      required('endTime', 'long', 'UTC epoch ms'),
      optional('organizer', organizerSchema),
      optional('attendee', attendeeSchema),
      optional('location', 'string'),
      optional('rescheduledFromUid', 'string'),
      optional('rescheduleStartTime', 'long'),
      optional('rescheduleEndTime', 'long'),
      optional('cancellationReason', 'string'),
      optional('retellCallId', 'string'),
      required('rawPayload', 'string'),
    ],
  },
} as const satisfies EventDefinition;
