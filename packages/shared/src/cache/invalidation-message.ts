// The message the invalidator publishes on CACHE_INVALIDATION_CHANNEL after each batch, so that
// in-process caches drop the same keys Redis just dropped. One message per batch, JSON:
// {"keys": ["appointment:…", "availability:…", …]}. It lists every key the batch invalidated,
// not only those Redis still held: an in-process copy can outlive the Redis key's TTL.

export interface InvalidationMessage {
  keys: string[];
}

export function encodeInvalidationMessage(keys: readonly string[]): string {
  const message: InvalidationMessage = { keys: [...keys] };
  return JSON.stringify(message);
}

/** Returns the keys, or an empty list for a message that is not of this shape. */
export function decodeInvalidationMessage(message: string): string[] {
  try {
    const parsed: unknown = JSON.parse(message);
    const keys = (parsed as Partial<InvalidationMessage> | null)?.keys;
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}
