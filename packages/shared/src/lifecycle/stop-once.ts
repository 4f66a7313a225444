// The stop() of every service's buildApp (STYLE rule 13, DESIGN.md "Operations"): safe before
// start, and idempotent — main's shutdown, a second signal and a test's clean-up may all call
// it, and none of them may close a closed client twice or return before the first stop ends.

export interface StopOnce {
  /** Call first thing in start(): from then on stop() tears down what start() opened. */
  starting(): void;
  /** True from starting() until a stop has finished. */
  isStarted(): boolean;
  /**
   * Before start: resolves at once and closes nothing (nothing was opened). After: runs the
   * teardown once, and every call until the next start gets that same promise.
   */
  stop(): Promise<void>;
}

export function createStopOnce(teardown: () => Promise<void>): StopOnce {
  let started = false;
  let stopping: Promise<void> | undefined;
  return {
    starting() {
      started = true;
      stopping = undefined;
    },
    isStarted: () => started,
    stop() {
      stopping ??= started
        ? teardown().finally(() => {
            started = false;
          })
        : Promise.resolve();
      return stopping;
    },
  };
}
