import { describe, expect, it } from 'vitest';
import { appointmentKey, availabilityKey, CACHE_INVALIDATION_CHANNEL, customerAppointmentsKey, utcDate } from './keys.ts';

describe('cache keys', () => {
  it('when given a booking UID, then the appointment key embeds it as is', () => {
    expect(appointmentKey('bk_9f2')).toBe('appointment:bk_9f2');
  });

  it('when the start is late evening in a zone west of UTC, then availability uses the UTC date', () => {
    const start = Date.UTC(2026, 2, 1, 1, 30); // 2026-02-28 20:30 in New York

    expect(availabilityKey(42, start)).toBe('availability:42:2026-03-01');
  });

  it('when the start is exactly UTC midnight, then it belongs to the new day', () => {
    expect(utcDate(Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toBe('2026-12-31');
    expect(utcDate(Date.UTC(2027, 0, 1))).toBe('2027-01-01');
  });

  it('when given a customer id, then the customer list key names it', () => {
    expect(customerAppointmentsKey(7)).toBe('customer:7:appointments');
  });

  it('when readers subscribe, then the channel is the one of the design', () => {
    expect(CACHE_INVALIDATION_CHANNEL).toBe('cache:invalidations');
  });
});
