import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStopOnce } from './stop-once.ts';

// a teardown that takes 1 s of (fake) time, counting its runs
function slowTeardown() {
  const runs = { count: 0 };
  const teardown = () => {
    runs.count++;
    return new Promise<void>((resolve) => setTimeout(resolve, 1_000));
  };
  return { runs, teardown };
}

describe('createStopOnce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('when stop is called before start, and twice, then it resolves at once, the same promise, and tears nothing down', async () => {
    const { runs, teardown } = slowTeardown();
    const lifecycle = createStopOnce(teardown);

    const first = lifecycle.stop();
    const again = lifecycle.stop();

    expect(again).toBe(first);
    await expect(first).resolves.toBeUndefined();
    expect(runs.count).toBe(0);
  });

  it('when a started app is stopped twice while the first stop runs, then the teardown runs once and both wait for it', async () => {
    const { runs, teardown } = slowTeardown();
    const lifecycle = createStopOnce(teardown);
    lifecycle.starting();
    let settled = false;

    const first = lifecycle.stop().then(() => {
      settled = true;
    });
    const again = lifecycle.stop();
    await vi.advanceTimersByTimeAsync(999);
    const beforeTheEnd = settled;
    await vi.advanceTimersByTimeAsync(1);
    await first;

    expect(runs.count).toBe(1);
    expect(again).toBe(lifecycle.stop());
    expect(beforeTheEnd).toBe(false);
    expect(settled).toBe(true);
    expect(lifecycle.isStarted()).toBe(false);
  });

  it('when an app is started again after a stop, then the next stop tears down again', async () => {
    const { runs, teardown } = slowTeardown();
    const lifecycle = createStopOnce(teardown);
    lifecycle.starting();
    const first = lifecycle.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await first;

    lifecycle.starting();
    const second = lifecycle.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await second;

    expect(second).not.toBe(first);
    expect(runs.count).toBe(2);
  });

  it('when the teardown fails, then every caller of that stop sees the failure', async () => {
    const lifecycle = createStopOnce(() => Promise.reject(new Error('producer would not disconnect')));
    lifecycle.starting();

    const first = lifecycle.stop();
    const again = lifecycle.stop();

    await expect(first).rejects.toThrow('producer would not disconnect');
    expect(again).toBe(first);
  });
});
