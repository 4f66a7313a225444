// The ingest's access log at volume (issue #19): a line per accepted webhook was the largest
// cost of the default `npm start` (written by the service, read, re-prefixed and written again
// by the supervisor; ingest p99 at 500/s 270–560 ms with it, 88–140 ms without). Accepted,
// spooled and ignored webhooks are therefore logged at debug, and every `everyMs` one info line
// sums up what was answered since the last one (per source and outcome, latency mean and max).
// Refusals and failures keep their own info line each: they are what an operator looks for.
import type { Logger } from '@booking/shared/logger';

/** Outcomes that only count towards the summary (their own line is debug). */
export const ROUTINE_OUTCOMES: ReadonlySet<string> = new Set(['accepted', 'spooled', 'ignored']);

export interface AccessSummary {
  /** Counts one answered webhook. */
  note(source: string, outcome: string, ms: number): void;
  /** Logs what was counted since the last line (nothing when nothing was); for stop() and tests. */
  flush(): void;
  stop(): void;
}

export function createAccessSummary(log: Logger, everyMs = 10_000): AccessSummary {
  let counts: Record<string, number> = {};
  let total = 0;
  let sumMs = 0;
  let maxMs = 0;
  let since = Date.now();
  const flush = () => {
    if (total === 0) return;
    const now = Date.now();
    log.info(
      {
        webhooks: counts,
        seconds: Math.round((now - since) / 100) / 10,
        meanMs: Math.round((sumMs / total) * 100) / 100,
        maxMs: Math.round(maxMs * 100) / 100,
      },
      'webhooks answered',
    );
    counts = {};
    total = 0;
    sumMs = 0;
    maxMs = 0;
    since = now;
  };
  const timer = setInterval(flush, everyMs);
  timer.unref();
  return {
    note(source, outcome, ms) {
      const key = `${source} ${outcome}`;
      counts[key] = (counts[key] ?? 0) + 1;
      total++;
      sumMs += ms;
      if (ms > maxMs) maxMs = ms;
    },
    flush,
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
