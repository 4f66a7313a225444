import { describe, expect, it } from 'vitest';
import { p99Between, parseBuckets } from './latency.ts';

const metrics = (counts: number[]) =>
  [0.1, 0.5, 1, 5, '+Inf']
    .map((le, i) => `pipeline_latency_seconds_bucket{stage="invalidated",le="${le}"} ${counts[i]}`)
    .concat(['pipeline_latency_seconds_bucket{stage="committed",le="0.1"} 999'])
    .join('\n');
const read = (counts: number[]) => parseBuckets(metrics(counts), 'pipeline_latency_seconds', 'stage="invalidated"');

describe('p99Between', () => {
  it('when 100 bookings were invalidated between the reads, then the p99 is the bound of the 99th', () => {
    expect(p99Between(read([10, 10, 10, 10, 10]), read([60, 105, 109, 110, 110]))).toBe(1000);
  });

  it('when the slowest 1 % took longer, then they do not move the p99', () => {
    expect(p99Between(read([0, 0, 0, 0, 0]), read([99, 99, 99, 100, 100]))).toBe(100);
  });

  it('when the invalidator restarted between the reads, then its counts since the restart are used', () => {
    expect(p99Between(read([500, 500, 500, 500, 500]), read([0, 0, 10, 10, 10]))).toBe(1000);
  });

  it('when nothing was invalidated, then there is no p99', () => {
    expect(p99Between(read([5, 5, 5, 5, 5]), read([5, 5, 5, 5, 5]))).toBeUndefined();
  });
});
