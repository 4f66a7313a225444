// The CI version of `npm run fuzz`: 1 000 malformed requests against a real ingest process on
// private topics, then undecodable records written straight to those topics.
import { describe, expect, it } from 'vitest';
import { freePorts, TEST_STACK } from '../../tools/fuzz/fuzz-pipeline.ts';
import { fuzzFailures, runFuzz } from '../../tools/fuzz/run-fuzz.ts';

describe('fuzz suite', () => {
  it('when 1 000 malformed requests and 12 poison records arrive, then every answer is a 4xx JSON error, the ingest stays up and only the poison is dead-lettered', async () => {
    const seed = Date.now() % 1_000_000; // a failure names it: npm run fuzz -- --seed <seed>
    const report = await runFuzz({
      count: 1000,
      seed,
      concurrency: 8,
      stack: TEST_STACK,
      ports: await freePorts(),
    });

    expect(report.requests).toBe(1000);
    expect(report.violations, `seed ${seed}`).toEqual([]);
    expect(Object.keys(report.categories).length).toBeGreaterThanOrEqual(10);
    expect(report.ingestAlive).toBe(true);
    expect(report.acceptedDeadLettered).toBe(0);
    expect(report.poisonDeadLettered).toBe(report.poisonWritten);
    expect(report.consumersKeptGoing).toBe(true);
    expect(fuzzFailures(report, 512 * 1024 * 1024)).toEqual([]);
  }, 240_000);
});
