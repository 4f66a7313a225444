// The Redis cache keys of the pipeline (DESIGN.md, "Cache keys"). Defined once here; every
// reader and the invalidator import these functions, so a key can never be spelled two ways.

export const CACHE_INVALIDATION_CHANNEL = 'cache:invalidations';

export function appointmentKey(bookingUid: string): string {
  return `appointment:${bookingUid}`;
}

/** UTC calendar date (YYYY-MM-DD) of an epoch-ms instant. */
export function utcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function availabilityKey(eventTypeId: number, startEpochMs: number): string {
  return `availability:${eventTypeId}:${utcDate(startEpochMs)}`;
}

export function customerAppointmentsKey(customerId: number): string {
  return `customer:${customerId}:appointments`;
}
