// How a Kafka client retries, named per use (DESIGN.md "Kafka clients"). kafkajs retries a
// broker connection with the client's `retry` before a call fails, whatever the producer's own
// retries say, so each use gets its own client with the profile it needs.
export const RETRY_PROFILES = {
  /**
   * Request path (the ingest's produce before a 202, readiness probes): a deadline bounds the
   * call and a failure has a fallback (the spool), so kafkajs must not sit in connection backoff.
   * One quick retry, not none: kafkajs relies on it to refresh metadata after a fresh connect
   * (e.g. the group coordinator lookup fails with "No brokers in the broker pool" otherwise).
   */
  failFast: { retries: 1, initialRetryTime: 100, maxRetryTime: 300, requestTimeout: 5000 },
  /** Drainer, consumers, start-up: ride out an outage with capped backoff; callers loop on top. */
  keepTrying: { retries: 8, initialRetryTime: 100, maxRetryTime: 5000, requestTimeout: 30_000 },
  /** Command-line tools: one retry, then a clear error for the operator. */
  tool: { retries: 1, initialRetryTime: 100, maxRetryTime: 1000, requestTimeout: 10_000 },
} as const;

export type RetryProfile = keyof typeof RETRY_PROFILES;
