import { toDlqRecord } from '@booking/shared/kafka';
import { describe, expect, it } from 'vitest';
import { describeDeadLetter, matchesFilter, toRedriveRecord } from './redrive.ts';

const original = {
  topic: 'bookings.calcom',
  partition: 1,
  offset: '7',
  key: 'uid-1',
  value: Buffer.from('v'),
  headers: { source: 'calcom', trigger: 'BOOKING_CREATED' },
  timestamp: '0',
};
const dead = toDlqRecord(
  original,
  Object.assign(new Error('bad'), { name: 'InvalidEventError' }),
  'booker',
  Date.parse('2026-11-20T10:00:00Z'),
);
const asConsumed = {
  topic: 'bookings.dlq',
  partition: 0,
  offset: '3',
  key: dead.key,
  value: dead.value,
  headers: dead.headers ?? {},
  timestamp: '0',
};

describe('DLQ re-drive', () => {
  it('re-publishes the original key, value and headers to the source topic, without the error headers', () => {
    expect(toRedriveRecord(asConsumed)).toEqual({
      topic: 'bookings.calcom',
      key: 'uid-1',
      value: Buffer.from('v'),
      headers: { source: 'calcom', trigger: 'BOOKING_CREATED' },
    });
  });

  it('when filtered by source topic, error class and time, then only matching letters are chosen', () => {
    const letter = describeDeadLetter(asConsumed);

    expect(matchesFilter(letter, {})).toBe(true);
    expect(matchesFilter(letter, { sourceTopic: 'bookings.calcom', errorClass: 'InvalidEventError' })).toBe(true);
    expect(matchesFilter(letter, { sourceTopic: 'bookings.retell' })).toBe(false);
    expect(matchesFilter(letter, { errorClass: 'TypeError' })).toBe(false);
    expect(matchesFilter(letter, { since: Date.parse('2026-11-21T00:00:00Z') })).toBe(false);
    expect(matchesFilter(letter, { until: Date.parse('2026-11-20T10:00:00Z') })).toBe(false);
    expect(matchesFilter(letter, { since: Date.parse('2026-11-20T00:00:00Z'), until: Date.parse('2026-11-21T00:00:00Z') })).toBe(
      true,
    );
  });

  it('when a letter has no source-topic header, then re-driving it is refused', () => {
    expect(() => toRedriveRecord({ ...asConsumed, headers: {} })).toThrow(/no source-topic header/);
  });

  it('when a record was parked by a consumer, then it is told apart from a dead letter by disposition and error code, and its re-drive drops both headers', () => {
    const parked = toDlqRecord(
      original,
      Object.assign(new Error('written but not found'), { code: 'INVARIANT_BROKEN' }),
      'booker',
      Date.parse('2026-11-20T10:00:00Z'),
      'parked',
    );
    const consumed = { ...asConsumed, headers: parked.headers ?? {} };

    const letter = describeDeadLetter(consumed);

    expect([letter.disposition, letter.errorCode]).toEqual(['parked', 'INVARIANT_BROKEN']);
    expect(matchesFilter(letter, { disposition: 'parked', errorCode: 'INVARIANT_BROKEN' })).toBe(true);
    expect(matchesFilter(describeDeadLetter(asConsumed), { disposition: 'parked' })).toBe(false);
    expect(toRedriveRecord(consumed).headers).toEqual({ source: 'calcom', trigger: 'BOOKING_CREATED' });
  });
});
