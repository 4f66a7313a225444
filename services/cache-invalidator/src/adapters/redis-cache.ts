// The Redis side of invalidation: UNLINK every key (never KEYS: keys are computed from the change,
// not searched for), then PUBLISH them on the invalidation channel, so in-process caches hear
// about a key only after Redis dropped it. On one node or a Sentinel-managed primary that is one
// pipeline. On a cluster the keys go in one pipeline per shard (a pipeline spanning shards is
// refused) and the message follows once every shard answered: PUBLISH (not the shard-scoped
// SPUBLISH) reaches the subscribers of every node over the cluster bus.
// Any failed command fails the whole batch (DependencyUnavailableError), so the consumer retries
// it in place: a removal lost to a failover is redone, never skipped.
import {
  CACHE_INVALIDATION_CHANNEL,
  Cluster,
  encodeInvalidationMessage,
  groupKeysByShard,
  type RedisConnection,
} from '@booking/shared/cache';
import { DependencyUnavailableError } from '@booking/shared/errors';
import type { StaleKeyStore } from '../handlers/invalidate-changes.ts';

/** How long WAIT may hold a shard's removals for its replicas before the batch fails. */
const WAIT_TIMEOUT_MS = 1000;

export interface RedisCacheOptions {
  /** Prepended to every key and to the channel name; '' in production, unique per test. */
  keyPrefix?: string;
  /** Replicas each removal must reach before the batch counts as done (REDIS_WAIT_REPLICAS). */
  waitReplicas?: number;
}

type PipelineResults = [Error | null, unknown][];

async function exec(redis: RedisConnection, build: (pipeline: ReturnType<RedisConnection['pipeline']>) => void) {
  const pipeline = redis.pipeline();
  build(pipeline);
  let results: PipelineResults | null;
  try {
    results = await pipeline.exec();
  } catch (error) {
    results = [[error as Error, null]];
  }
  const failed = results ? results.find(([error]) => error !== null)?.[0] : new Error('pipeline discarded');
  if (!failed) return results as PipelineResults;
  // the slot map may be stale after a failover: ask the cluster before the batch is retried
  if (redis instanceof Cluster) redis.refreshSlotsCache();
  throw new DependencyUnavailableError('redis unavailable', { cause: failed });
}

export function createRedisCache(redis: RedisConnection, options: RedisCacheOptions = {}): StaleKeyStore {
  const prefix = options.keyPrefix ?? '';
  const channel = `${prefix}${CACHE_INVALIDATION_CHANNEL}`;
  const waitReplicas = options.waitReplicas ?? 0;
  const separatePublish = redis instanceof Cluster;

  async function removeGroup(keys: string[], message: string | undefined): Promise<number> {
    const results = await exec(redis, (pipeline) => {
      for (const key of keys) pipeline.unlink(key);
      if (waitReplicas > 0) pipeline.wait(waitReplicas, WAIT_TIMEOUT_MS);
      if (message !== undefined) pipeline.publish(channel, message);
    });
    const acknowledged = Number(results[keys.length]?.[1]);
    if (waitReplicas > 0 && acknowledged < waitReplicas) {
      const detail = `${acknowledged} of ${waitReplicas} replicas acknowledged the removal within ${WAIT_TIMEOUT_MS} ms`;
      throw new DependencyUnavailableError(`redis replicas behind: ${detail}`);
    }
    let removed = 0;
    for (let i = 0; i < keys.length; i++) removed += Number(results[i]?.[1] ?? 0);
    return removed;
  }

  return {
    async removeKeys(keys) {
      const redisKeys = keys.map((key) => `${prefix}${key}`);
      const message = encodeInvalidationMessage(redisKeys);
      const groups = groupKeysByShard(redis, redisKeys);
      const removed = await Promise.all(groups.map((group) => removeGroup(group, separatePublish ? undefined : message)));
      if (separatePublish) await exec(redis, (pipeline) => pipeline.publish(channel, message));
      return removed.reduce((sum, n) => sum + n, 0);
    },
  };
}
