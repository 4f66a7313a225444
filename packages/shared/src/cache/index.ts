// Public API: the cache-key functions, the invalidation channel and its message format,
// keysToInvalidate, and the Redis client factory every Redis user of the pipeline shares.
export { closeRedisClient, createRedisClient, Redis, type RedisClientOptions } from './create-redis-client.ts';
export { decodeInvalidationMessage, encodeInvalidationMessage, type InvalidationMessage } from './invalidation-message.ts';
export * from './keys.ts';
export { type ChangeForInvalidation, keysToInvalidate } from './keys-to-invalidate.ts';
