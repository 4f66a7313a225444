import { describe, expect, it } from 'vitest';
import { isBookingAllowed } from './is-booking-allowed.ts';

describe('isBookingAllowed', () => {
  it('when both lists are empty, then every booking is allowed', () => {
    expect(isBookingAllowed({ teamId: null, eventTypeId: 1 }, { teamIds: [], eventTypeIds: [] })).toBe(true);
  });

  it('when the team is listed, then the booking is allowed', () => {
    expect(isBookingAllowed({ teamId: 42, eventTypeId: 1 }, { teamIds: ['42'], eventTypeIds: [] })).toBe(true);
  });

  it('when there is no team but the event type is listed (managed event type), then the booking is allowed', () => {
    expect(isBookingAllowed({ teamId: null, eventTypeId: 812 }, { teamIds: ['42'], eventTypeIds: ['812'] })).toBe(true);
  });

  it('when neither team nor event type is listed, then the booking is refused', () => {
    expect(isBookingAllowed({ teamId: 7, eventTypeId: 9 }, { teamIds: ['42'], eventTypeIds: ['812'] })).toBe(false);
    expect(isBookingAllowed({ teamId: null, eventTypeId: null }, { teamIds: ['42'], eventTypeIds: [] })).toBe(false);
  });
});
