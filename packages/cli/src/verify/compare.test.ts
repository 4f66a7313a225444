import { describe, expect, it } from 'vitest';
import { type ComparableRow, compareAppointments } from './compare.ts';

const row: ComparableRow = {
  bookingUid: 'uid-1',
  customerKey: 'maria@example.com',
  source: 'calcom',
  status: 'ACCEPTED',
  title: 'Consultation',
  eventTypeId: 812,
  teamId: 42,
  startAt: Date.UTC(2025, 2, 14, 15),
  endAt: Date.UTC(2025, 2, 14, 15, 30),
  timeZone: 'Europe/Berlin',
  location: 'integrations:daily',
  rescheduledFromUid: null,
  rescheduledToUid: null,
  cancellationReason: null,
  calcomBookingId: 4711,
  retellCallId: null,
  version: 1741597985412,
  lastEventId: 'e1',
};

describe('compareAppointments', () => {
  it('when the database holds what the topics imply, then there is no mismatch', () => {
    expect(compareAppointments(new Map([['uid-1', row]]), new Map([['uid-1', { ...row }]]))).toEqual([]);
  });

  it('when a column differs, then the mismatch names the UID, the column and both values', () => {
    const actual = { ...row, status: 'CANCELLED' as const, startAt: Date.UTC(2025, 2, 15, 9) };

    expect(compareAppointments(new Map([['uid-1', row]]), new Map([['uid-1', actual]]))).toEqual([
      { bookingUid: 'uid-1', column: 'status', expected: 'ACCEPTED', actual: 'CANCELLED' },
      { bookingUid: 'uid-1', column: 'start_at', expected: '2025-03-14T15:00:00.000Z', actual: '2025-03-15T09:00:00.000Z' },
    ]);
  });

  it('when a row is missing on either side, then it is reported once as a row mismatch', () => {
    const mismatches = compareAppointments(new Map([['uid-1', row]]), new Map([['uid-2', { ...row, bookingUid: 'uid-2' }]]));

    expect(mismatches).toEqual([
      { bookingUid: 'uid-1', column: '(row)', expected: 'present', actual: 'absent' },
      { bookingUid: 'uid-2', column: '(row)', expected: 'absent', actual: 'present' },
    ]);
  });
});
