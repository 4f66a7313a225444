import { describe, expect, it } from 'vitest';
import { decideRestart, type RestartPolicy } from './restart-policy.ts';

const policy: RestartPolicy = { maxRestarts: 3, baseDelayMs: 100, maxDelayMs: 250, stableAfterMs: 10_000 };

describe('decideRestart', () => {
  it('when a service crashes for the first time, then it is restarted after the base delay', () => {
    expect(decideRestart(policy, 0, 50)).toEqual({ action: 'restart', attempt: 1, delayMs: 100 });
  });

  it('when it keeps crashing quickly, then each delay doubles up to the maximum', () => {
    expect(decideRestart(policy, 1, 50)).toEqual({ action: 'restart', attempt: 2, delayMs: 200 });
    expect(decideRestart(policy, 2, 50)).toEqual({ action: 'restart', attempt: 3, delayMs: 250 });
  });

  it('when it has failed maxRestarts times in a row, then the supervisor gives up', () => {
    expect(decideRestart(policy, 3, 50)).toEqual({ action: 'give-up', attempts: 3 });
  });

  it('when the run before the crash was long enough, then the count starts again', () => {
    expect(decideRestart(policy, 3, 10_000)).toEqual({ action: 'restart', attempt: 1, delayMs: 100 });
  });

  it('when maxRestarts is 0, then the first crash is final', () => {
    expect(decideRestart({ ...policy, maxRestarts: 0 }, 0, 50)).toEqual({ action: 'give-up', attempts: 0 });
  });
});
