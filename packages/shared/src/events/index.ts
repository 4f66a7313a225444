// Public API: the record formats of the pipeline (one file per event version) and the catalogue.
import { appointmentChangeV1 } from './appointment-change.v1.ts';
import { bookingStateV1 } from './booking-state.v1.ts';
import type { EventDefinition } from './types.ts';
import { voiceBookingV1 } from './voice-booking.v1.ts';

export * from './appointment-change.v1.ts';
export * from './appointment-fields.ts';
export * from './booking-state.v1.ts';
export * from './record-bindings.ts';
export * from './record-problems.ts';
export { type EventDefinition, subjectOf } from './types.ts';
export * from './voice-booking.v1.ts';

export const events = {
  bookingState: bookingStateV1,
  voiceBooking: voiceBookingV1,
  appointmentChange: appointmentChangeV1,
} satisfies Record<string, EventDefinition>;

/** Headers of the records on the source topics; all but delivery-id are always there. */
export const RECORD_HEADERS = {
  source: 'source',
  trigger: 'trigger',
  eventId: 'event-id',
  receivedAt: 'received-at',
  /** Only when the gateway sent one (webhook-id or Idempotency-Key); traces, never dedupes. */
  deliveryId: 'delivery-id',
} as const;
