import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './parse-iso-time.ts';

describe('parseIsoTime', () => {
  const instant = Date.UTC(2025, 2, 14, 15, 0, 0);

  it.each([
    '2025-03-14T15:00:00Z',
    '2025-03-14T15:00:00.000Z',
    '2025-03-14T15:00:00+00:00',
    '2025-03-14T16:00:00+01:00',
    '2025-03-14T16:00:00+0100',
    '2025-03-14T16:00+01',
    '2025-03-14T10:00:00-05:00',
    '2025-03-14T15:00:00.000000Z',
    '2025-03-14 15:00:00z',
  ])('when the value is %s, then it is the same UTC instant', (value) => {
    expect(parseIsoTime(value)).toBe(instant);
  });

  it('when the value has milliseconds, then they are kept', () => {
    expect(parseIsoTime('2025-03-10T09:13:05.412Z')).toBe(Date.UTC(2025, 2, 10, 9, 13, 5, 412));
  });

  it.each(['2025-03-14T15:00:00', '2025-03-14', 'March 14, 2025 15:00 UTC', '2025-13-40T15:00:00Z', ''])(
    'when the value is %j, then it is rejected',
    (value) => {
      expect(parseIsoTime(value)).toBeUndefined();
    },
  );
});
