// The CI version of `npm run chaos -- all`: every scenario, short and at a low rate, one after
// the other on one private pipeline (one scratch broker start), each with its own bookings.
import { STACK } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChaosPipeline, startChaosPipeline } from '../../tools/chaos/chaos-pipeline.ts';
import { isReady, until } from '../../tools/chaos/observe.ts';
import { runScenario } from '../../tools/chaos/run-chaos.ts';
import { SCENARIOS } from '../../tools/chaos/scenarios.ts';

const mariadb = new URL(STACK.mariadbUrl);
const redis = new URL(STACK.redisUrl);
const options = { rate: 15, durationS: 6, holdS: 2, versions: 3, quietTimeoutS: 90, registryUrl: STACK.schemaRegistryUrl };
let pipeline: ChaosPipeline;

beforeAll(async () => {
  pipeline = await startChaosPipeline({
    registry: STACK.schemaRegistryUrl,
    mariadb: { host: mariadb.hostname, port: Number(mariadb.port || 3306) },
    redis: { host: redis.hostname, port: Number(redis.port || 6379) },
  });
  const ready = await until(
    async () => (await Promise.all(Object.values(pipeline.urls).map(isReady))).every(Boolean),
    180_000,
    500,
  );
  if (!ready) throw new Error(`the private pipeline did not become ready:\n${pipeline.log.join('\n')}`);
}, 240_000);

afterAll(() => pipeline?.stop(), 120_000);

describe('chaos suite (short)', () => {
  for (const scenario of SCENARIOS) {
    it(`when ${scenario.describe}, then nothing acknowledged is lost, every booking converges and the pipeline recovers by itself`, async () => {
      const result = await runScenario(pipeline, scenario, options);

      expect(result.failures).toEqual([]);
      expect(result.acknowledged).toBeGreaterThan(0);
      expect([result.lost, result.duplicated, result.wrongFinalState, result.phantom, result.staleCacheKeys]).toEqual([
        0, 0, 0, 0, 0,
      ]);
      expect(result.verifyMismatches).toBe(0);
      expect(result.recoverMs).toBeDefined();
      expect(result.quietMs).toBeDefined();
    }, 240_000);
  }
});
