// Realistic, signed webhooks for the demo, shaped like the examples of the webhook reference
// (Cal.com booking payloads and a Retell call_analyzed event).
import { calcomHeaders, retellHeaders } from '@booking/shared/testing/webhooks';

export interface Signed {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export function signCalcom(envelope: object, secret: string): Signed {
  const body = JSON.stringify(envelope);
  return {
    path: '/webhooks/calcom',
    body,
    headers: calcomHeaders(body, secret),
  };
}

export function signRetell(envelope: object, apiKey: string, nowMs = Date.now()): Signed {
  const body = JSON.stringify(envelope);
  return {
    path: '/webhooks/retell',
    body,
    headers: retellHeaders(body, apiKey, nowMs),
  };
}

interface Slot {
  uid: string;
  start: Date;
  minutes?: number;
}

const person = { name: 'Maria Lopez', email: 'maria.lopez@example.com', phone: '+4915112345678' };

function bookingPayload(slot: Slot, extra: Record<string, unknown> = {}) {
  const end = new Date(slot.start.getTime() + (slot.minutes ?? 30) * 60_000);
  return {
    type: 'initial-consultation',
    title: `Initial Consultation between Acme Dental and ${person.name}`,
    startTime: slot.start.toISOString().replace('.000', ''),
    endTime: end.toISOString().replace('.000', ''),
    eventTypeId: 812,
    organizer: { id: 1031, name: 'Dr. Jonas Berg', email: 'jonas.berg@acme-dental.example', timeZone: 'Europe/Berlin' },
    attendees: [{ name: person.name, email: person.email, timeZone: 'Europe/Berlin', phoneNumber: person.phone }],
    team: { id: 42, name: 'Acme Dental', members: [] },
    location: 'integrations:daily',
    uid: slot.uid,
    bookingId: Math.floor(Math.random() * 1e6),
    status: 'ACCEPTED',
    metadata: {},
    ...extra,
  };
}

export function created(slot: Slot, createdAt: Date, metadata: Record<string, unknown> = {}) {
  return { triggerEvent: 'BOOKING_CREATED', createdAt: createdAt.toISOString(), payload: bookingPayload(slot, { metadata }) };
}

export function rescheduled(from: Slot, to: Slot, createdAt: Date) {
  const oldEnd = new Date(from.start.getTime() + (from.minutes ?? 30) * 60_000);
  return {
    triggerEvent: 'BOOKING_RESCHEDULED',
    createdAt: createdAt.toISOString(),
    payload: bookingPayload(to, {
      rescheduleUid: from.uid,
      rescheduleStartTime: from.start.toISOString(),
      rescheduleEndTime: oldEnd.toISOString(),
      rescheduledBy: person.email,
    }),
  };
}

export function cancelled(slot: Slot, createdAt: Date) {
  return {
    triggerEvent: 'BOOKING_CANCELLED',
    createdAt: createdAt.toISOString(),
    payload: bookingPayload(slot, {
      status: 'CANCELLED',
      cancellationReason: 'Feeling better, no longer needed',
      cancelledBy: person.email,
    }),
  };
}

export function callAnalyzed(bookingUid: string, callId: string, start: Date) {
  return {
    event: 'call_analyzed',
    call: {
      call_id: callId,
      agent_id: 'agent_8d3f0c2b1a9e7f6d5c4b3a29',
      call_type: 'phone_call',
      direction: 'inbound',
      from_number: '+4915187654321',
      to_number: '+493012345678',
      call_status: 'ended',
      collected_dynamic_variables: { booking_uid: bookingUid },
      call_analysis: {
        call_summary: 'Caller booked a check-up through the voice agent.',
        custom_analysis_data: {
          booking_uid: bookingUid,
          customer_name: 'Jonas Weber',
          appointment_start: start.toISOString(),
          event_type_id: 812,
        },
      },
    },
  };
}
