// The scenario both Redis topology tests run: cached keys for N changes, the changes produced in
// waves while the invalidator removes their keys, and the Redis primary killed once the first
// wave is done. Returns what a user would check afterwards (stale keys left, untouched keys
// kept) and the figures docs/RELIABILITY.md records.
import { keysToInvalidate } from '@booking/shared/cache';
import { type Harness, makeChange } from './helpers.ts';

export interface FailoverFigures {
  changes: number;
  staleKeys: number;
  /** Stale keys still in Redis once every change was handled: must be 0. */
  staleLeft: string[];
  /** Keys no change touched that are gone: must be none. */
  untouchedLost: string[];
  /** Batch groups that failed and were retried in place (the failover's cost). */
  retries: number;
  /** From the kill until every change was handled. */
  killToDoneMs: number;
}

export async function runFailoverUnderLoad(
  h: Harness,
  options: {
    changes: number;
    wave: number;
    baseId: number;
    kill: () => Promise<void>;
    /** Resolves once the topology finished its failover (a replica serves the killed primary's keys). */
    failedOver: () => Promise<void>;
  },
): Promise<FailoverFigures> {
  const changes = Array.from({ length: options.changes }, (_, i) =>
    makeChange({ eventTypeId: options.baseId + i, customerId: options.baseId + i }),
  );
  const stale = [...new Set(changes.flatMap((c) => keysToInvalidate(c)))];
  const untouched = Array.from({ length: 50 }, (_, i) => `availability:${options.baseId + options.changes + i}:2026-03-03`);
  await h.seed([...stale, ...untouched]);
  const waves: (typeof changes)[] = [];
  for (let i = 0; i < changes.length; i += options.wave) waves.push(changes.slice(i, i + options.wave));
  const [first = [], ...rest] = waves;

  await h.produce(first);
  const producing = (async () => {
    for (const wave of rest.slice(0, rest.length / 3)) await h.produce(wave);
  })();
  await h.waitForBookings(first.map((c) => c.bookingUid));
  const killedAt = Date.now();
  await options.kill();
  await producing;
  for (const wave of rest.slice(rest.length / 3)) await h.produce(wave);
  await h.waitForBookings(
    changes.map((c) => c.bookingUid),
    90_000,
  );
  const killToDoneMs = Date.now() - killedAt;
  await options.failedOver();

  const untouchedLeft = await h.existing(untouched);
  return {
    changes: changes.length,
    staleKeys: stale.length,
    staleLeft: await h.existing(stale),
    untouchedLost: untouched.filter((k) => !untouchedLeft.includes(k)),
    retries: h.logs.items.filter((l) => l.msg === 'batch failed, retrying').length,
    killToDoneMs,
  };
}
