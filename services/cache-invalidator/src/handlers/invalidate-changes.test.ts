import { describe, expect, it } from 'vitest';
import { type Invalidation, invalidateChanges, type StaleKeyStore, uniqueKeys } from './invalidate-changes.ts';

function recordingStore(existing: Set<string>): StaleKeyStore & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async removeKeys(keys) {
      calls.push(keys);
      return keys.filter((k) => existing.delete(k)).length;
    },
  };
}

const change = (bookingUid: string, keys: string[]): Invalidation => ({ bookingUid, receivedAt: 0, keys });

describe('invalidateChanges', () => {
  it('when several changes share keys, then each key is removed once, in one call', async () => {
    const store = recordingStore(new Set(['appointment:a', 'availability:1:2026-03-03']));
    const batch = [
      change('a', ['appointment:a', 'availability:1:2026-03-03']),
      change('b', ['appointment:b', 'availability:1:2026-03-03']),
      change('a', ['appointment:a', 'availability:1:2026-03-03']),
    ];

    const outcome = await invalidateChanges(batch, { cache: store });

    expect(store.calls).toEqual([['appointment:a', 'availability:1:2026-03-03', 'appointment:b']]);
    expect(outcome).toEqual({ status: 'invalidated', keys: store.calls[0], removed: 2 });
  });

  it('when no change names a key, then the store is not called', async () => {
    const store = recordingStore(new Set());

    const outcome = await invalidateChanges([], { cache: store });

    expect(outcome).toEqual({ status: 'skipped', reason: 'nothing-to-invalidate' });
    expect(store.calls).toEqual([]);
  });

  it('when the store is unavailable, then the error reaches the caller (so the batch is retried)', async () => {
    const store: StaleKeyStore = {
      removeKeys: () => Promise.reject(new Error('ECONNREFUSED')),
    };

    await expect(invalidateChanges([change('a', ['appointment:a'])], { cache: store })).rejects.toThrow('ECONNREFUSED');
  });
});

describe('uniqueKeys', () => {
  it('when keys repeat across changes, then the first occurrence order is kept', () => {
    expect(uniqueKeys([change('a', ['x', 'y']), change('b', ['y', 'z'])])).toEqual(['x', 'y', 'z']);
  });
});
