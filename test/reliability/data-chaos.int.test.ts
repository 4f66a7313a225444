// The CI version of `npm run data-chaos`: one burst of every kind of signed-but-odd webhook
// through a private pipeline; after each, a control booking must get through (nothing stalls),
// every distinct UID is its own row linked to its own customer, nothing accepted is parked and
// no cache key stays stale.
import { describe, expect, it } from 'vitest';
import { BURST_KINDS } from '../../tools/data-chaos/cases.ts';
import { runDataChaos } from '../../tools/data-chaos/run-data-chaos.ts';
import { freePorts, TEST_STACK } from '../../tools/fuzz/fuzz-pipeline.ts';

describe('data-chaos suite', () => {
  it('when one burst of every odd-data kind arrives, then nothing stalls, folds, pins or is parked', async () => {
    const report = await runDataChaos({
      kinds: BURST_KINDS,
      rounds: 1,
      stack: TEST_STACK,
      ports: await freePorts(),
    });

    expect(Object.values(report).flatMap((r) => r.problems)).toEqual([]);
    expect(Object.keys(report)).toEqual(BURST_KINDS);
    expect(Object.values(report).reduce((n, r) => n + r.refused, 0)).toBe(3);
    expect(Object.values(report).reduce((n, r) => n + r.stalls + r.parked, 0)).toBe(0);
  }, 300_000);
});
