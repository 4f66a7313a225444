import { type Redis } from '@booking/shared/cache';
import type { StaleKeyStore } from '../handlers/invalidate-changes.ts';
export interface RedisCacheOptions {
  /** Prepended to every key and to the channel name; '' in production, unique per test. */
  keyPrefix?: string;
}
export declare function createRedisCache(redis: Redis, options?: RedisCacheOptions): StaleKeyStore;
