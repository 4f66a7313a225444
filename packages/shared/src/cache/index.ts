// Public API: the cache-key functions, the invalidation channel and its message format,
// keysToInvalidate (and changeOfBookingOnly, a tombstone's change), the Redis client factory every Redis user of the pipeline shares (one node, Sentinel,
// Cluster), and groupKeysByShard for commands that must not span cluster slots.
export {
  Cluster,
  closeRedisClient,
  createRedisClient,
  describeRedis,
  Redis,
  type RedisClientOptions,
  type RedisConnection,
} from './create-redis-client.ts';
export { calculateSlot, groupKeysByShard } from './group-keys-by-shard.ts';
export { decodeInvalidationMessage, encodeInvalidationMessage, type InvalidationMessage } from './invalidation-message.ts';
export * from './keys.ts';
export { type ChangeForInvalidation, changeOfBookingOnly, keysToInvalidate } from './keys-to-invalidate.ts';
