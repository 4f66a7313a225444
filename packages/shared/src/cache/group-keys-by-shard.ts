// Redis Cluster refuses a command, and ioredis a pipeline, whose keys live on different shards
// (CROSSSLOT, "All keys in the pipeline should belong to the same slots allocation group"). The
// keys of one batch are spread over many slots, so they are split into one group per shard:
// slots served by the same nodes share a group, exactly as ioredis groups them. A slot the
// client has not mapped yet gets a group of its own, which is always accepted.
import { createRequire } from 'node:module';
import { Cluster } from 'ioredis';
import type { RedisConnection } from './create-redis-client.ts';

// cluster-key-slot (ioredis's own dependency) ships CommonJS without types
const calculateSlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;

export { calculateSlot };

/** Groups keys by an owner; order is kept inside each group. Pure, so it is unit-tested alone. */
export function groupKeys(keys: readonly string[], ownerOf: (slot: number) => string): string[][] {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const owner = ownerOf(calculateSlot(key));
    const group = groups.get(owner);
    if (group) group.push(key);
    else groups.set(owner, [key]);
  }
  return [...groups.values()];
}

/** One group per shard on a cluster; a single group for one node or a Sentinel-managed primary. */
export function groupKeysByShard(redis: RedisConnection, keys: readonly string[]): string[][] {
  if (!(redis instanceof Cluster)) return keys.length > 0 ? [[...keys]] : [];
  return groupKeys(keys, (slot) => redis.slots[slot]?.join(';') || `slot ${slot}`);
}
