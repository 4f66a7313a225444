// The figures of a rebalance run, pure: each event's latency (request → committed) split into
// the rebalance windows and the steady state around them, measured in the same run.

export interface Sample {
  /** when the webhook was sent (ms since the epoch) */
  requestedAt: number;
  /** request → the booker's transaction committed it (ms) */
  ms: number;
}

export interface RebalanceEvent {
  label: string;
  /** when it began (the new instance spawned, SIGTERM sent) and ended (ready, exited) */
  from: number;
  to: number;
}

export interface LatencyFigures {
  events: number;
  p50: number;
  p99: number;
  max: number;
}

/** A request this close before an event, or after it ended, still waits on the rebalance. */
export const WINDOW_MARGIN_MS = 3_000;

export function latencyFigures(ms: number[]): LatencyFigures {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { events: sorted.length, p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) };
}

const inWindow = (s: Sample, e: RebalanceEvent) =>
  s.requestedAt >= e.from - WINDOW_MARGIN_MS && s.requestedAt <= e.to + WINDOW_MARGIN_MS;

/** Each event's figures, and the steady state: the samples in no window, after `warmUpMs`. */
export function splitByEvent(
  samples: Sample[],
  events: RebalanceEvent[],
  warmUpMs: number,
): { steady: LatencyFigures; perEvent: { event: RebalanceEvent; figures: LatencyFigures }[] } {
  const start = Math.min(...samples.map((s) => s.requestedAt));
  const steady = samples.filter((s) => s.requestedAt >= start + warmUpMs && !events.some((e) => inWindow(s, e)));
  return {
    steady: latencyFigures(steady.map((s) => s.ms)),
    perEvent: events.map((event) => ({
      event,
      figures: latencyFigures(samples.filter((s) => inWindow(s, event)).map((s) => s.ms)),
    })),
  };
}
