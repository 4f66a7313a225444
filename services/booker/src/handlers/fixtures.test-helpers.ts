import type { BookingStateV1, VoiceBookingV1 } from '@booking/shared/events';
import type { SourceRecord } from './types.ts';

export function calcomState(overrides: Partial<BookingStateV1> = {}): BookingStateV1 {
  return {
    eventId: 'e-1',
    trigger: 'BOOKING_CREATED',
    version: 1_000,
    receivedAt: 1_100,
    bookingUid: 'uid-1',
    status: 'ACCEPTED',
    calcomBookingId: 11,
    eventTypeId: 7,
    eventTypeSlug: 'intro',
    teamId: 3,
    title: 'Intro call',
    startTime: Date.UTC(2026, 7, 1, 9),
    endTime: Date.UTC(2026, 7, 1, 9, 30),
    organizer: { email: 'host@example.com', name: 'Host', timeZone: 'Europe/Berlin' },
    attendee: { name: 'Ada', email: 'Ada@Example.com', phone: '+4915100000001', timeZone: 'Europe/Paris' },
    location: 'Zoom',
    rescheduledFromUid: null,
    rescheduleStartTime: null,
    rescheduleEndTime: null,
    cancellationReason: null,
    retellCallId: null,
    rawPayload: '{}',
    ...overrides,
  };
}

export function voiceBooking(overrides: Partial<VoiceBookingV1> = {}): VoiceBookingV1 {
  return {
    eventId: 'r-1',
    version: 5_000,
    receivedAt: 5_100,
    bookingUid: 'uid-1',
    callId: 'call-1',
    agentId: 'agent-1',
    callerPhone: '+4915100000002',
    customerName: 'Grace',
    customerEmail: null,
    startTime: Date.UTC(2026, 7, 1, 9),
    eventTypeId: 7,
    callSummary: 'booked an intro call',
    ...overrides,
  };
}

let offset = 0;
export const calcom = (value: BookingStateV1): SourceRecord => ({
  kind: 'calcom',
  value,
  position: { topic: 'bookings.calcom', partition: 0, offset: String(offset++) },
});
export const retell = (value: VoiceBookingV1): SourceRecord => ({
  kind: 'retell',
  value,
  position: { topic: 'bookings.retell', partition: 0, offset: String(offset++) },
});
