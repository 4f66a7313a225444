// Readiness that tells the truth without traffic: each dependency (broker, registry, database)
// is checked every `intervalMs` with a deadline, and its last answer is what /readyz reports.
// A check still running from the previous tick is not started again; a check that does not
// finish within the deadline counts as down at once. A refused connection fails at once; the
// deadline (three intervals unless given) only decides when a hung dependency counts as down,
// and is long enough that a busy machine does not make a healthy one flap.
import type { Logger } from 'pino';
import { boundByDeadline } from './with-deadline.ts';

export interface DependencyCheck {
  name: string;
  check(): Promise<void>;
}

export interface DependencyProbeOptions {
  checks: DependencyCheck[];
  intervalMs: number;
  /** Default: three intervals. */
  deadlineMs?: number;
  logger: Logger;
  /** Called when a dependency's state changes (not for the first answer when it is up). */
  onChange?(name: string, up: boolean): void;
}

export interface DependencyProbe {
  /** Runs the first checks now and then every interval. */
  start(): void;
  stop(): void;
  /** Whether the last check of `name` succeeded (true before the first answer). */
  isUp(name: string): boolean;
  /** undefined when every dependency answered its last check, else "<name> unavailable, …". */
  failing(): string | undefined;
  /**
   * Checks every dependency now (each within the deadline) and answers like failing(): for a
   * decision that must not rest on an answer up to one interval old (parking a record).
   */
  checkNow(): Promise<string | undefined>;
}

export function createDependencyProbe(options: DependencyProbeOptions): DependencyProbe {
  const up = new Map(options.checks.map((c) => [c.name, true]));
  const running = new Set<string>();
  const deadlineMs = options.deadlineMs ?? 3 * options.intervalMs;
  let timer: NodeJS.Timeout | undefined;

  const record = (name: string, ok: boolean, error?: unknown) => {
    if (up.get(name) === ok) return;
    up.set(name, ok);
    if (ok) options.logger.info({ dependency: name }, 'dependency available again');
    else options.logger.warn({ dependency: name, err: error }, 'dependency unavailable');
    options.onChange?.(name, ok);
  };

  const tick = () => {
    for (const { name, check } of options.checks) {
      if (running.has(name)) continue;
      running.add(name);
      const { result, settled } = boundByDeadline(check(), deadlineMs, `${name} check`);
      result.then(
        () => record(name, true),
        (error: unknown) => record(name, false, error),
      );
      void settled.then(() => running.delete(name));
    }
  };

  return {
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    isUp: (name) => up.get(name) ?? true,
    async checkNow() {
      const answers = await Promise.all(
        options.checks.map(({ name, check }) =>
          boundByDeadline(check(), deadlineMs, `${name} check`).result.then(
            () => {
              record(name, true);
              return { name, ok: true };
            },
            (error: unknown) => {
              record(name, false, error);
              return { name, ok: false };
            },
          ),
        ),
      );
      const down = answers.filter((a) => !a.ok).map((a) => `${a.name} unavailable`);
      return down.length > 0 ? down.join(', ') : undefined;
    },
    failing() {
      const down = [...up].filter(([, ok]) => !ok).map(([name]) => `${name} unavailable`);
      return down.length > 0 ? down.join(', ') : undefined;
    },
  };
}
