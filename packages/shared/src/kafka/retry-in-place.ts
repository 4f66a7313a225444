// Retry in place (DESIGN.md "Consumer error policy"): a batch whose handling failed — an outage,
// since record failures are isolated before they get here — is tried again on the same
// partition with exponential backoff (0.2 s, 0.4 s, … up to `maxBackoffMs`), heartbeating so the
// group keeps the partition to this member. It ends when the attempt succeeds ('done'), when
// the consumer stops ('stopping': nothing is committed and the next member redoes the batch),
// and rethrows when the partition is no longer ours (kafkajs rejoins and refetches it) — at
// once, without a retry, when the failure says the group moved (./group-moved.ts): retrying
// then only heartbeats the coordinator kafkajs found at join time, which is no longer the
// group's, until kafkajs gives up and the consumer is restarted (#20).
import { groupMoved } from './group-moved.ts';

export interface RetryInPlaceOptions {
  attempt(): Promise<void>;
  /** Whether this member still owns the partition (kafkajs isRunning and not stale). */
  owned(): boolean;
  stopping(): boolean;
  heartbeat(): Promise<void>;
  /** Called for each failed attempt before its backoff. */
  onFailure(error: unknown, attempt: number, backoffMs: number): void;
  maxBackoffMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Backoff after failed attempt `n` (1-based): 200 ms doubling, capped. */
export function retryBackoffMs(attempt: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, 100 * 2 ** Math.min(attempt, 10));
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryInPlace(options: RetryInPlaceOptions): Promise<'done' | 'stopping'> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      await options.attempt();
      return 'done';
    } catch (error) {
      if (!options.owned() || groupMoved(error)) throw error;
      if (options.stopping()) return 'stopping';
      const backoff = retryBackoffMs(attempt, options.maxBackoffMs);
      options.onFailure(error, attempt, backoff);
      await sleep(backoff);
      await options.heartbeat();
      if (!options.owned()) throw error;
      if (options.stopping()) return 'stopping';
    }
  }
}
