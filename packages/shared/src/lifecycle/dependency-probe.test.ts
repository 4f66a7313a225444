import { deferred } from '@booking/shared/testing';
import pino from 'pino';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createDependencyProbe } from './dependency-probe.ts';

const logger = pino({ level: 'silent' });

describe('dependency probe', () => {
  it('when a check fails, then failing() names it, and once it succeeds again nothing is failing', async () => {
    let broken = false;
    const changes: [string, boolean][] = [];
    const answered = [deferred<void>(), deferred<void>(), deferred<void>()];
    let calls = 0;
    const probe = createDependencyProbe({
      checks: [
        { name: 'registry', check: async () => {} },
        {
          name: 'kafka',
          check: async () => {
            answered[calls++]?.resolve();
            if (broken) throw new Error('connection refused');
          },
        },
      ],
      intervalMs: 5,
      deadlineMs: 1000,
      logger,
      onChange: (name, up) => changes.push([name, up]),
    });

    broken = true;
    probe.start();
    await answered[1]?.promise;
    const whileBroken = probe.failing();
    broken = false;
    await answered[2]?.promise;
    await new Promise((r) => setImmediate(r));
    probe.stop();

    expect(whileBroken).toBe('kafka unavailable');
    expect(probe.failing()).toBeUndefined();
    expect(changes).toEqual([
      ['kafka', false],
      ['kafka', true],
    ]);
  });

  it('when a check does not answer within the deadline, then it counts as down and is not started again while it runs', async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const hang = deferred<void>();
    let started = 0;
    const down = deferred<void>();
    const probe = createDependencyProbe({
      checks: [
        {
          name: 'database',
          check: () => {
            started++;
            return hang.promise;
          },
        },
      ],
      intervalMs: 5,
      deadlineMs: 20,
      logger,
      onChange: (_name, up) => !up && down.resolve(),
    });

    probe.start();
    await vi.advanceTimersByTimeAsync(20);
    await down.promise;
    await vi.advanceTimersByTimeAsync(30);
    const startedWhileHanging = started;
    probe.stop();
    hang.resolve();

    expect(probe.isUp('database')).toBe(false);
    expect(probe.failing()).toBe('database unavailable');
    expect(startedWhileHanging).toBe(1);
  });

  it('when asked to check now, then it answers from fresh checks, not from the last tick', async () => {
    let databaseUp = true;
    const probe = createDependencyProbe({
      checks: [
        { name: 'registry', check: async () => {} },
        {
          name: 'database',
          check: async () => {
            if (!databaseUp) throw new Error('connection refused');
          },
        },
      ],
      intervalMs: 60_000,
      logger,
    });

    const before = await probe.checkNow();
    databaseUp = false;
    const stale = probe.failing();
    const fresh = await probe.checkNow();

    expect(before).toBeUndefined();
    expect(stale).toBeUndefined();
    expect(fresh).toBe('database unavailable');
    expect(probe.failing()).toBe('database unavailable');
  });
});
