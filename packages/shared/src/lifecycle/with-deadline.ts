// Bounds a call by a deadline: rejects with DeadlineExceededError once `ms` passed. The call
// itself is not cancelled (kafkajs and fetch without a signal cannot be): its late outcome is
// dropped here, and `settled` tells the caller when it is really over.
import { DeadlineExceededError } from '../errors/index.ts';

export interface Bounded<T> {
  /** The call's outcome, or DeadlineExceededError after `ms`. */
  result: Promise<T>;
  /** Resolves once the call itself finished, however it ended (never rejects). */
  settled: Promise<void>;
}

export function boundByDeadline<T>(call: Promise<T>, ms: number, what: string): Bounded<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(what, ms)), ms);
  });
  const result = Promise.race([call, expired]).finally(() => clearTimeout(timer));
  const settled = call.then(
    () => undefined,
    () => undefined,
  );
  return { result, settled };
}

/** `boundByDeadline(...).result`, for callers that need not know when the call settles. */
export function withDeadline<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  return boundByDeadline(call, ms, what).result;
}
