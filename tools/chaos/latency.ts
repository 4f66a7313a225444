// The p99 of request → invalidated during a fault, from the invalidator's
// pipeline_latency_seconds{stage="invalidated"} histogram read when the fault starts and when
// the pipeline has recovered: the difference holds the bookings invalidated in between.
export type Buckets = Map<number, number>;

/** Cumulative bucket counts (upper bound in seconds → count) of one series in a /metrics text. */
export function parseBuckets(text: string, name: string, label: string): Buckets {
  const buckets: Buckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`) || !line.includes(label)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le === undefined) continue;
    buckets.set(le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

/**
 * The bucket bound (ms) under which 99 % of the observations between two reads fall; undefined
 * when nothing was observed. A process that restarted in between counts from its restart.
 */
export function p99Between(before: Buckets, after: Buckets): number | undefined {
  const restarted = [...after].some(([le, n]) => n < (before.get(le) ?? 0));
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = bounds.map((le) => [le, (after.get(le) ?? 0) - (restarted ? 0 : (before.get(le) ?? 0))] as const);
  const total = delta.at(-1)?.[1] ?? 0;
  if (total <= 0) return undefined;
  const bound = delta.find(([, n]) => n >= 0.99 * total)?.[0];
  return bound === undefined ? undefined : bound * 1000;
}
