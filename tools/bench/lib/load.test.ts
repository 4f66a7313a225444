import { describe, expect, it } from 'vitest';
import { arrivalOffsets } from './load.ts';

describe('arrivalOffsets', () => {
  it('when arrivals are even, then request i is due at i / rate', () => {
    expect([...arrivalOffsets(4, 500, 'even')]).toEqual([0, 2, 4, 6]);
  });

  it('when arrivals are Poisson, then the gaps are exponential with mean 1 / rate (inverse transform of the random draws)', () => {
    const draws = [1 - Math.exp(-1), 1 - Math.exp(-0.5), 0];
    let n = 0;

    const offsets = arrivalOffsets(4, 1000, 'poisson', () => draws[n++] as number);

    expect([...offsets].map((o) => Number(o.toFixed(9)))).toEqual([0, 1, 1.5, 1.5]);
  });
});
