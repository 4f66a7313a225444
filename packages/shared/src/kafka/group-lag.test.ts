import { describe, expect, it } from 'vitest';
import { partitionLags } from './group-lag.ts';

describe('partition lags', () => {
  it('when the group committed on some partitions, then each lag is end minus committed, and from the earliest offset where it committed nothing', () => {
    const ends = [
      {
        topic: 'bookings.calcom',
        partitions: [
          { partition: 1, high: '50', low: '10' },
          { partition: 0, high: '100', low: '0' },
          { partition: 2, high: '7', low: '7' },
        ],
      },
    ];
    const commits = [
      {
        topic: 'bookings.calcom',
        partitions: [
          { partition: 0, offset: '60' },
          { partition: 1, offset: '-1' },
        ],
      },
    ];

    expect(partitionLags(ends, commits)).toEqual([
      { topic: 'bookings.calcom', partition: 0, committed: 60n, end: 100n, lag: 40n },
      { topic: 'bookings.calcom', partition: 1, committed: null, end: 50n, lag: 40n },
      { topic: 'bookings.calcom', partition: 2, committed: null, end: 7n, lag: 0n },
    ]);
  });

  it('when a committed offset is past the end (topic truncated or recreated), then the lag is 0, not negative', () => {
    const lags = partitionLags(
      [{ topic: 't', partitions: [{ partition: 0, high: '5', low: '0' }] }],
      [{ topic: 't', partitions: [{ partition: 0, offset: '9' }] }],
    );

    expect(lags.map((l) => l.lag)).toEqual([0n]);
  });
});
