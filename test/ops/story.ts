// A realistic backlog for the operations tests: bookings created, some cancelled, one
// rescheduled (old booking never seen before the reschedule), one enriched by the voice agent.

import { calcomState, voiceBooking } from '@booking/booker/testing';
import type { BookingStateV1, VoiceBookingV1 } from '@booking/shared/events';

export interface Story {
  calcom: BookingStateV1[];
  retell: VoiceBookingV1[];
  eventIds: string[];
}

export function bookingStory(prefix: string, bookings = 12): Story {
  const calcom: BookingStateV1[] = [];
  for (let i = 0; i < bookings; i++) {
    const uid = `${prefix}-b${i}`;
    const start = Date.UTC(2026, 11, 1 + i, 9);
    calcom.push(
      calcomState({
        bookingUid: uid,
        eventId: `${uid}-created`,
        version: 1_000 + i,
        startTime: start,
        endTime: start + 1_800_000,
        attendee: { name: `Client ${i}`, email: `client${i}@example.com`, phone: null, timeZone: 'Europe/Berlin' },
      }),
    );
    if (i % 3 === 0) {
      calcom.push(
        calcomState({
          bookingUid: uid,
          eventId: `${uid}-cancelled`,
          trigger: 'BOOKING_CANCELLED',
          status: 'CANCELLED',
          version: 5_000 + i,
          startTime: start,
          endTime: start + 1_800_000,
          cancellationReason: 'no longer needed',
          attendee: { name: `Client ${i}`, email: `client${i}@example.com`, phone: null, timeZone: 'Europe/Berlin' },
        }),
      );
    }
  }
  const oldUid = `${prefix}-old`;
  calcom.push(
    calcomState({
      bookingUid: `${prefix}-new`,
      eventId: `${prefix}-rescheduled`,
      trigger: 'BOOKING_RESCHEDULED',
      version: 9_000,
      rescheduledFromUid: oldUid,
      rescheduleStartTime: Date.UTC(2026, 11, 20, 9),
      rescheduleEndTime: Date.UTC(2026, 11, 20, 9, 30),
      startTime: Date.UTC(2026, 11, 22, 14),
      endTime: Date.UTC(2026, 11, 22, 14, 30),
    }),
  );
  const retell = [voiceBooking({ bookingUid: `${prefix}-b1`, eventId: `${prefix}-call`, callId: `${prefix}-call-1` })];
  return { calcom, retell, eventIds: [...calcom.map((c) => c.eventId), ...retell.map((r) => r.eventId)] };
}
