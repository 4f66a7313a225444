// The end of the pipeline as a cache user sees it: the message on cache:invalidations (prefixed
// per run) naming appointment:<uid>. Each booking uid is reported once, with the local
// performance.now() at which its message arrived.
import { appointmentKey, CACHE_INVALIDATION_CHANNEL, decodeInvalidationMessage, Redis } from '@booking/shared/cache';
import { STACK } from '@booking/shared/testing';

export interface InvalidationListener {
  /** uid -> performance.now() of its first invalidation message */
  seen: Map<string, number>;
  /** messages received so far (one per invalidator batch) */
  messages(): number;
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** `uidPrefix`: count only these bookings (the unprefixed channel carries everyone's). */
export async function listenInvalidations(keyPrefix: string, uidPrefix = ''): Promise<InvalidationListener> {
  const redis = new Redis(STACK.redisUrl);
  const seen = new Map<string, number>();
  const marker = `${keyPrefix}${appointmentKey('')}`;
  let waiter: { count: number; resolve(): void } | undefined;
  let messages = 0;
  redis.on('message', (_channel: string, message: string) => {
    const at = performance.now();
    messages++;
    for (const key of decodeInvalidationMessage(message)) {
      if (!key.startsWith(marker)) continue;
      const uid = key.slice(marker.length);
      if (uid.startsWith(uidPrefix) && !seen.has(uid)) seen.set(uid, at);
    }
    if (waiter && seen.size >= waiter.count) waiter.resolve();
  });
  await redis.subscribe(`${keyPrefix}${CACHE_INVALIDATION_CHANNEL}`);
  return {
    seen,
    messages: () => messages,
    waitFor(count, timeoutMs) {
      if (seen.size >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${seen.size} of ${count} invalidations within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
        waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            waiter = undefined;
            resolve();
          },
        };
      });
    },
    async close() {
      await redis.quit();
    },
  };
}
