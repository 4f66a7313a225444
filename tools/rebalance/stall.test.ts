import { describe, expect, it } from 'vitest';
import { latencyFigures, splitByEvent } from './stall.ts';

describe('rebalance stall figures', () => {
  it('when latencies are given, then p50, p99 and max are nearest-rank values of them', () => {
    expect(latencyFigures(Array.from({ length: 100 }, (_, i) => i + 1))).toEqual({ events: 100, p50: 51, p99: 100, max: 100 });
    expect(latencyFigures([])).toEqual({ events: 0, p50: 0, p99: 0, max: 0 });
  });

  it('when a join happens mid-run, then requests near it count for the join and the rest after the warm-up for the steady state', () => {
    const samples = Array.from({ length: 60 }, (_, i) => ({ requestedAt: i * 1000, ms: i >= 27 && i <= 36 ? 4000 : 50 }));

    const { steady, perEvent } = splitByEvent(samples, [{ label: 'join', from: 30_000, to: 33_000 }], 5_000);

    expect(perEvent[0]?.figures).toMatchObject({ events: 10, max: 4000 });
    expect(steady).toEqual({ events: 45, p50: 50, p99: 50, max: 50 });
  });
});
