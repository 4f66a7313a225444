// The use case: a batch of committed changes makes a set of cache keys stale; remove them
// all at once. Knows nothing of Kafka, offsets or the DLQ (the adapter does).

/** One committed change, decoded, with the keys it makes stale (keysToInvalidate). */
export interface Invalidation {
  bookingUid: string;
  /** receivedAt of the webhook behind the change (epoch ms); null for a tombstone */
  receivedAt: number | null;
  keys: string[];
}

/** Where stale keys are removed (Redis); throws when it is unavailable. */
export interface StaleKeyStore {
  /** Removes the keys and announces them; resolves to how many existed. */
  removeKeys(keys: string[]): Promise<number>;
}

export type InvalidationOutcome =
  | { status: 'invalidated'; keys: string[]; removed: number }
  | { status: 'skipped'; reason: 'nothing-to-invalidate' };

/** The keys of all changes, each once: duplicate or repeated changes cost nothing extra. */
export function uniqueKeys(invalidations: readonly Invalidation[]): string[] {
  const keys = new Set<string>();
  for (const invalidation of invalidations) for (const key of invalidation.keys) keys.add(key);
  return [...keys];
}

export async function invalidateChanges(
  invalidations: readonly Invalidation[],
  deps: { cache: StaleKeyStore },
): Promise<InvalidationOutcome> {
  const keys = uniqueKeys(invalidations);
  if (keys.length === 0) return { status: 'skipped', reason: 'nothing-to-invalidate' };
  const removed = await deps.cache.removeKeys(keys);
  return { status: 'invalidated', keys, removed };
}
