import { describe, expect, it } from 'vitest';
import { type ChangeForInvalidation, changeOfBookingOnly, keysToInvalidate } from './keys-to-invalidate.ts';

const MAR_3_10H = Date.UTC(2026, 2, 3, 10);
const MAR_3_15H = Date.UTC(2026, 2, 3, 15);
const MAR_5_09H = Date.UTC(2026, 2, 5, 9);

/** A change of an existing row that moved nothing. */
function change(overrides: Partial<ChangeForInvalidation> = {}): ChangeForInvalidation {
  return {
    bookingUid: 'uid-1',
    customerId: 7,
    eventTypeId: 42,
    startAt: MAR_3_10H,
    previousStartAt: MAR_3_10H,
    previousEventTypeId: 42,
    previousCustomerId: 7,
    rescheduledFromUid: null,
    rescheduledToUid: null,
    ...overrides,
  };
}

describe('keysToInvalidate', () => {
  it('when an appointment is created, then its key, its day and its customer list go', () => {
    const created = change({ previousStartAt: null, previousEventTypeId: null, previousCustomerId: null });

    const keys = keysToInvalidate(created);

    expect(keys).toEqual(['appointment:uid-1', 'availability:42:2026-03-03', 'customer:7:appointments']);
  });

  it('when an appointment is updated in place (title, location), then the same three keys go', () => {
    const keys = keysToInvalidate(change());

    expect(keys).toEqual(['appointment:uid-1', 'availability:42:2026-03-03', 'customer:7:appointments']);
  });

  it('when an appointment is cancelled or rejected, then its day is freed: the same three keys go', () => {
    // status is not an input: a cancel or reject keeps the slot and customer of the row
    const cancelled = change();

    expect(keysToInvalidate(cancelled)).toEqual(['appointment:uid-1', 'availability:42:2026-03-03', 'customer:7:appointments']);
  });

  it('when the slot moves to another day, then both the old and the new day go', () => {
    const moved = change({ startAt: MAR_5_09H, previousStartAt: MAR_3_10H });

    const keys = keysToInvalidate(moved);

    expect(keys).toEqual([
      'appointment:uid-1',
      'availability:42:2026-03-03',
      'availability:42:2026-03-05',
      'customer:7:appointments',
    ]);
  });

  it('when the slot moves within the same day, then that day goes once', () => {
    const keys = keysToInvalidate(change({ startAt: MAR_3_15H, previousStartAt: MAR_3_10H }));

    expect(keys.filter((k) => k.startsWith('availability:'))).toEqual(['availability:42:2026-03-03']);
  });

  it('when the event type changes, then the old day of the old type and the new day of the new type go', () => {
    const retyped = change({ eventTypeId: 43, startAt: MAR_5_09H, previousEventTypeId: 42, previousStartAt: MAR_3_10H });

    const keys = keysToInvalidate(retyped);

    expect(keys).toContain('availability:42:2026-03-03');
    expect(keys).toContain('availability:43:2026-03-05');
    expect(keys).not.toContain('availability:43:2026-03-03');
  });

  it('when a reschedule creates the new booking, then the new day and the old appointment go', () => {
    const newRow = change({
      bookingUid: 'uid-new',
      startAt: MAR_5_09H,
      previousStartAt: null,
      previousEventTypeId: null,
      previousCustomerId: null,
      rescheduledFromUid: 'uid-old',
    });

    const keys = keysToInvalidate(newRow);

    expect(keys).toEqual(['appointment:uid-new', 'appointment:uid-old', 'availability:42:2026-03-05', 'customer:7:appointments']);
  });

  it('when a reschedule marks the old booking RESCHEDULED, then the old day and the new appointment go', () => {
    const oldRow = change({ bookingUid: 'uid-old', rescheduledToUid: 'uid-new' });

    const keys = keysToInvalidate(oldRow);

    expect(keys).toEqual(['appointment:uid-new', 'appointment:uid-old', 'availability:42:2026-03-03', 'customer:7:appointments']);
  });

  it('when the customer changes, then both the previous and the new customer lists go', () => {
    const keys = keysToInvalidate(change({ customerId: 8, previousCustomerId: 7 }));

    expect(keys).toContain('customer:7:appointments');
    expect(keys).toContain('customer:8:appointments');
  });

  it('when a customer is attached to a row that had none, then only the new list goes', () => {
    const keys = keysToInvalidate(change({ customerId: 8, previousCustomerId: null }));

    expect(keys.filter((k) => k.startsWith('customer:'))).toEqual(['customer:8:appointments']);
  });

  it('when the row has no event type or no start (a voice-agent row), then only the appointment and customer go', () => {
    const voiceOnly = change({ eventTypeId: null, startAt: null, previousEventTypeId: null, previousStartAt: null });

    expect(keysToInvalidate(voiceOnly)).toEqual(['appointment:uid-1', 'customer:7:appointments']);
  });

  it('when the previous row had a date but no event type, then that date goes under the current type', () => {
    const keys = keysToInvalidate(change({ startAt: MAR_5_09H, previousStartAt: MAR_3_10H, previousEventTypeId: null }));

    expect(keys).toContain('availability:42:2026-03-03');
    expect(keys).toContain('availability:42:2026-03-05');
  });

  it('when the event type was removed, then the previous day of the previous type still goes', () => {
    const keys = keysToInvalidate(change({ eventTypeId: null, startAt: null, previousEventTypeId: 42 }));

    expect(keys).toContain('availability:42:2026-03-03');
  });

  it('when called, then the keys are sorted and unique', () => {
    const keys = keysToInvalidate(change({ rescheduledFromUid: 'uid-1', rescheduledToUid: 'uid-1' }));

    expect(keys).toEqual([...new Set(keys)].sort());
    expect(keys.filter((k) => k === 'appointment:uid-1')).toHaveLength(1);
  });

  it('when an instant lies outside the Date range, then it throws a RangeError', () => {
    expect(() => keysToInvalidate(change({ startAt: 9e15 }))).toThrow(RangeError);
  });

  it('when only the booking is known (a tombstone), then every field keysToInvalidate reads is empty and only its key goes', () => {
    const tombstone = changeOfBookingOnly('uid-1');

    expect(Object.keys(tombstone).sort()).toEqual(Object.keys(change()).sort());
    expect(Object.entries(tombstone).filter(([, value]) => value !== null)).toEqual([['bookingUid', 'uid-1']]);
    expect(keysToInvalidate(tombstone)).toEqual(['appointment:uid-1']);
  });
});
