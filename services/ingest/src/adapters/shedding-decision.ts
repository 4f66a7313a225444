// Whether to answer a webhook at once instead of doing its work (DESIGN.md "Load shedding"):
// 503 while neither Kafka nor the spool can take a record (a retry later will succeed, an
// answer now cannot), 429 while the process is overloaded — too many webhooks in flight, or
// an event loop so late that every answer would be late. Both carry Retry-After. Pure.

export interface LoadSample {
  /** Webhook requests admitted and not yet answered. */
  inFlight: number;
  /** Recent event-loop delay (p99 of the last window), ms. */
  eventLoopDelayMs: number;
  /** Kafka is up, or the spool can take records. */
  acceptsRecords: boolean;
}

export interface ShedLimits {
  maxInFlight: number;
  /** 0 = never shed for event-loop delay. */
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
  unavailableRetryAfterSeconds: number;
}

export const SHED_REASONS = ['unavailable', 'in_flight', 'event_loop'] as const;
export type ShedReason = (typeof SHED_REASONS)[number];

export type ShedDecision = { shed: false } | { shed: true; status: 429 | 503; reason: ShedReason; retryAfterSeconds: number };

export function decideShedding(load: LoadSample, limits: ShedLimits): ShedDecision {
  if (!load.acceptsRecords) {
    return { shed: true, status: 503, reason: 'unavailable', retryAfterSeconds: limits.unavailableRetryAfterSeconds };
  }
  if (load.inFlight >= limits.maxInFlight) {
    return { shed: true, status: 429, reason: 'in_flight', retryAfterSeconds: limits.retryAfterSeconds };
  }
  if (limits.maxEventLoopDelayMs > 0 && load.eventLoopDelayMs > limits.maxEventLoopDelayMs) {
    return { shed: true, status: 429, reason: 'event_loop', retryAfterSeconds: limits.retryAfterSeconds };
  }
  return { shed: false };
}
