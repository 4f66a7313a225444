import { describe, expect, it } from 'vitest';
import { createRedisClient } from './create-redis-client.ts';
import { calculateSlot, groupKeys, groupKeysByShard } from './group-keys-by-shard.ts';

describe('groupKeys', () => {
  it('when keys hash to different slots of one owner, then they share a group in their order', () => {
    const keys = ['appointment:a', 'availability:42:2026-03-03', 'customer:7'];

    expect(groupKeys(keys, () => 'node-1')).toEqual([keys]);
  });

  it('when keys belong to different owners, then each group holds only keys of one owner', () => {
    const keys = Array.from({ length: 50 }, (_, i) => `appointment:uid-${i}`);
    const ownerOf = (slot: number) => (slot < 5461 ? 'a' : slot < 10923 ? 'b' : 'c');

    const groups = groupKeys(keys, ownerOf);

    expect(groups.flat().sort()).toEqual([...keys].sort());
    for (const group of groups) expect(new Set(group.map((k) => ownerOf(calculateSlot(k)))).size).toBe(1);
    expect(groups).toHaveLength(3);
  });

  it('when keys share a hash tag, then they land in the same slot', () => {
    expect(calculateSlot('{booking}:a')).toBe(calculateSlot('{booking}:b'));
    expect(calculateSlot('123456789')).toBe(12739);
  });
});

describe('groupKeysByShard', () => {
  it('when the client is not a cluster, then every key goes into one group', () => {
    const redis = createRedisClient('redis://127.0.0.1:1/0');

    expect(groupKeysByShard(redis, ['a', 'b', 'c'])).toEqual([['a', 'b', 'c']]);
    expect(groupKeysByShard(redis, [])).toEqual([]);
  });

  it('when a cluster client has not mapped the slots yet, then each slot is a group of its own', () => {
    const cluster = createRedisClient({ mode: 'cluster', nodes: [{ host: '127.0.0.1', port: 1 }], auth: { tls: false } });
    const keys = ['{x}:1', '{x}:2', '{y}:1'];

    expect(groupKeysByShard(cluster, keys)).toEqual([['{x}:1', '{x}:2'], ['{y}:1']]);
  });
});
