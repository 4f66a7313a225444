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
  | {
      status: 'invalidated';
      keys: string[];
      removed: number;
    }
  | {
      status: 'skipped';
      reason: 'nothing-to-invalidate';
    };
/** The keys of all changes, each once: duplicate or repeated changes cost nothing extra. */
export declare function uniqueKeys(invalidations: readonly Invalidation[]): string[];
export declare function invalidateChanges(
  invalidations: readonly Invalidation[],
  deps: {
    cache: StaleKeyStore;
  },
): Promise<InvalidationOutcome>;
