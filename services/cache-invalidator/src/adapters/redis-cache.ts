// The Redis side of invalidation: UNLINK every key in one pipeline (never KEYS: keys are
// computed from the change, not searched for), then PUBLISH them on the invalidation channel
// in the same pipeline, so in-process caches hear about a key only after Redis dropped it.
import { CACHE_INVALIDATION_CHANNEL, encodeInvalidationMessage, type Redis } from '@booking/shared/cache';
import { DependencyUnavailableError } from '@booking/shared/errors';
import type { StaleKeyStore } from '../handlers/invalidate-changes.ts';

export interface RedisCacheOptions {
  /** Prepended to every key and to the channel name; '' in production, unique per test. */
  keyPrefix?: string;
}

export function createRedisCache(redis: Redis, options: RedisCacheOptions = {}): StaleKeyStore {
  const prefix = options.keyPrefix ?? '';
  const channel = `${prefix}${CACHE_INVALIDATION_CHANNEL}`;
  return {
    async removeKeys(keys) {
      const redisKeys = keys.map((key) => `${prefix}${key}`);
      const pipeline = redis.pipeline();
      for (const key of redisKeys) pipeline.unlink(key);
      pipeline.publish(channel, encodeInvalidationMessage(redisKeys));
      let results: [Error | null, unknown][] | null;
      try {
        results = await pipeline.exec();
      } catch (error) {
        throw new DependencyUnavailableError('redis unavailable', { cause: error });
      }
      const failed = results?.find(([error]) => error !== null)?.[0] ?? (results ? undefined : new Error('pipeline discarded'));
      if (failed) throw new DependencyUnavailableError('redis unavailable', { cause: failed });
      let removed = 0;
      for (let i = 0; i < redisKeys.length; i++) removed += Number(results?.[i]?.[1] ?? 0);
      return removed;
    },
  };
}
