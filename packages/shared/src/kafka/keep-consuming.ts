// No silent stop (#21 item 4): whatever makes the kafkajs consumer crash, a fresh one is
// created and started again with backoff, and a consumer that stays stopped longer than a bound
// is reported (liveness) and given up on (onGiveUp: the process exits, the orchestrator
// restarts it).
//
// Why we restart and not kafkajs: kafkajs restarts a crashed consumer only when the error is
// retriable (consumer/index.js onCrash), and some errors of a broker that is going away or
// coming back are not: `cluster.findGroupCoordinatorMetadata` swallows each broker's error
// (a closed connection, a request timeout, "coordinator loading" after its retries) and throws
// KafkaJSGroupCoordinatorNotFound, a KafkaJSNonRetriableError, when no broker answered. The
// consumer then emits CRASH with restart: false and never consumes again
// (tulios/kafkajs#1445, #1630) — the booker "consumer stopped" 90 s after Kafka returned.
// So the consumer is created with restartOnFailure → false, and every crash comes here.
import type { Logger } from 'pino';

export interface KeepConsumingOptions {
  /** Creates, connects, subscribes and runs a fresh kafkajs consumer; rejects if it could not. */
  startConsumer(): Promise<void>;
  logger: Logger;
  /** Stopped longer than this: liveness fails and onGiveUp is called (default 5 min). */
  maxStoppedMs?: number;
  onGiveUp?(error: unknown): void;
  now?: () => number;
}

export interface KeepConsuming {
  /** The consumer crashed or could not start: try again after a backoff. */
  crashed(error: unknown): void;
  /** The consumer joined its group: it consumes again. */
  joined(): void;
  /** undefined while alive, else why not (served on /healthz). */
  liveness(): string | undefined;
  /** No more restarts (the app stops). */
  close(): void;
}

export const DEFAULT_MAX_STOPPED_MS = 5 * 60_000;

/** Delay before restart attempt `n` (1-based): 0.5 s, 1 s, 2 s, … capped at 30 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(Math.max(attempt - 1, 0), 10));
}

/** Why a consumer stopped since `since` is not alive at `now`, if it has been too long. */
export function stoppedTooLong(since: number | undefined, now: number, maxStoppedMs: number): string | undefined {
  if (since === undefined || now - since <= maxStoppedMs) return undefined;
  return `consumer stopped for ${Math.round((now - since) / 1000)} s`;
}

export function keepConsuming(options: KeepConsumingOptions): KeepConsuming {
  const now = options.now ?? Date.now;
  const maxStoppedMs = options.maxStoppedMs ?? DEFAULT_MAX_STOPPED_MS;
  let stoppedSince: number | undefined;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let gaveUp = false;

  const crashed = (error: unknown) => {
    if (closed || timer) return;
    stoppedSince ??= now();
    const reason = stoppedTooLong(stoppedSince, now(), maxStoppedMs);
    if (reason && !gaveUp) {
      gaveUp = true;
      options.logger.fatal({ err: error }, `${reason}: giving up`);
      options.onGiveUp?.(error);
    }
    const delay = restartDelayMs(++attempt);
    options.logger.warn({ err: error, attempt, delayMs: delay }, 'consumer stopped, restarting it');
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      options.startConsumer().catch(crashed);
    }, delay);
  };

  return {
    crashed,
    joined() {
      if (stoppedSince !== undefined) options.logger.info({ attempts: attempt }, 'consumer restarted');
      stoppedSince = undefined;
      attempt = 0;
    },
    liveness: () => stoppedTooLong(stoppedSince, now(), maxStoppedMs),
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
