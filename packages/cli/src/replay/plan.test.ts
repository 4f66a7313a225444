import { describe, expect, it } from 'vitest';
import { describePlan, type RebuildPlan, remaining } from './plan.ts';

const plan: RebuildPlan = {
  group: 'booker',
  ranges: [
    { topic: 'bookings.calcom', partition: 0, from: 0n, to: 10n },
    { topic: 'bookings.calcom', partition: 1, from: 5n, to: 5n },
    { topic: 'bookings.retell', partition: 0, from: 2n, to: 4n },
  ],
  records: 12n,
};

describe('rebuild plan', () => {
  it('when nothing is committed yet, then everything in the ranges remains', () => {
    expect(remaining(plan, new Map())).toBe(12n);
  });

  it('when commits advance, then only what lies between them and the end remains; records added later do not count', () => {
    const committed = new Map([
      ['bookings.calcom:0', 7n],
      ['bookings.retell:0', 9n],
    ]);

    expect(remaining(plan, committed)).toBe(3n);
  });

  it('prints one line per partition with its offsets', () => {
    expect(describePlan(plan)).toMatchInlineSnapshot(`
      "rebuild with consumer group "booker": 12 record(s)
        bookings.calcom[0]  offsets 0..10  (10 records)
        bookings.calcom[1]  offsets 5..5  (0 records)
        bookings.retell[0]  offsets 2..4  (2 records)"
    `);
  });
});
