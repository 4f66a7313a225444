// bookings.retell — what a Retell AI call_analyzed event tells about a Cal.com booking. It only
// enriches the appointment (call id, caller); it never sets status, times or version.
import { TOPICS } from '../kafka/topics.ts';
import { type EventDefinition, optional, required, subjectOf } from './types.ts';

export interface VoiceBookingV1 {
  /** hex SHA-256 of "retell" + raw body */
  eventId: string;
  /** epoch ms of the signature timestamp (v=) */
  version: number;
  receivedAt: number;
  bookingUid: string;
  callId: string;
  agentId: string | null;
  callerPhone: string | null;
  customerName: string | null;
  customerEmail: string | null;
  startTime: number | null;
  eventTypeId: number | null;
  callSummary: string | null;
}

export const voiceBookingV1 = {
  topic: TOPICS.retell,
  subject: subjectOf(TOPICS.retell),
  schema: {
    type: 'record',
    name: 'VoiceBooking',
    namespace: 'booking.pipeline.retell',
    fields: [
      required('eventId', 'string', 'hex SHA-256 of "retell" + raw body'),
      required('version', 'long', 'epoch ms of the signature timestamp'),
      required('receivedAt', 'long', 'epoch ms'),
      required('bookingUid', 'string'),
      required('callId', 'string'),
      optional('agentId', 'string'),
      optional('callerPhone', 'string'),
      optional('customerName', 'string'),
      optional('customerEmail', 'string'),
      optional('startTime', 'long', 'UTC epoch ms'),
      optional('eventTypeId', 'long'),
      optional('callSummary', 'string'),
    ],
  },
} as const satisfies EventDefinition;
