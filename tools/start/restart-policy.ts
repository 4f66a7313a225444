// When a supervised service exits unexpectedly: restart it after an exponential backoff, or give
// up once it has failed `maxRestarts` times in a row. A run that lasted `stableAfterMs` or longer
// counts as healthy, so a service that crashes once a day is restarted forever, while one that
// dies at start-up (bad config, port taken) is given up on after a few seconds.
export interface RestartPolicy {
  maxRestarts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
};

export type RestartDecision = { action: 'restart'; attempt: number; delayMs: number } | { action: 'give-up'; attempts: number };

/** `failuresInARow` counts the earlier consecutive short runs (0 after a healthy one). */
export function decideRestart(policy: RestartPolicy, failuresInARow: number, uptimeMs: number): RestartDecision {
  const attempt = uptimeMs >= policy.stableAfterMs ? 1 : failuresInARow + 1;
  if (attempt > policy.maxRestarts) return { action: 'give-up', attempts: failuresInARow };
  const delayMs = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return { action: 'restart', attempt, delayMs };
}
