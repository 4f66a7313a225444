// Polling for state that only answers when asked (an HTTP endpoint, a row, a metrics page),
// where no signal exists to wait on. Always with a deadline, and a time-out that says what it
// waited for and what it saw last, so a red test explains itself.

export interface PollOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between reads (default 50 ms). */
  intervalMs?: number;
  /** More context for the time-out message, e.g. a process's output. */
  detail?: () => string;
}

const shown = (value: unknown): string => {
  if (value instanceof Error) return `an error: ${value.message}`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

/**
 * Reads until `until(value)` holds and returns that value, or rejects once `timeoutMs` passed,
 * naming `what` and the last value read (or the last error a read threw: a read may fail while
 * the thing polled is starting, so errors count as "not yet").
 */
export async function pollUntil<T>(
  what: string,
  read: () => T | Promise<T>,
  until: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 50, detail }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'nothing (no read finished)';
  for (;;) {
    try {
      const value = await read();
      if (until(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms; last saw ${shown(last)}${detail ? `\n${detail()}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
