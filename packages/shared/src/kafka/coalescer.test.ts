import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalescer.ts';

function recorder(fail?: (items: number[]) => boolean) {
  const groups: number[][] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const coalescer = createCoalescer<number>({
    run: async (items) => {
      groups.push(items);
      if (hold) await new Promise<void>((r) => (release = r));
      if (fail?.(items)) throw new Error(`group ${items.join(',')} failed`);
    },
    weight: (n) => n,
    maxWeight: 10,
  });
  return {
    coalescer,
    groups,
    holdNext: () => (hold = true),
    release: () => {
      hold = false;
      release?.();
    },
  };
}

describe('createCoalescer', () => {
  it('when items are submitted in the same turn, then they run as one group and every submitter resolves with it', async () => {
    const { coalescer, groups } = recorder();

    await Promise.all([coalescer.submit(1), coalescer.submit(2), coalescer.submit(3)]);

    expect(groups).toEqual([[1, 2, 3]]);
  });

  it('when items come while a group runs, then they wait and run together as the next group, in order', async () => {
    const { coalescer, groups, holdNext, release } = recorder();
    holdNext();
    const first = coalescer.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [coalescer.submit(2), coalescer.submit(3)];
    await new Promise((r) => setImmediate(r));

    expect(groups).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(groups).toEqual([[1], [2, 3]]);
  });

  it('when a group fails, then every submitter of that group rejects and the next group still runs', async () => {
    const { coalescer, groups } = recorder((items) => items.includes(2));

    const results = await Promise.allSettled([coalescer.submit(1), coalescer.submit(2)]);
    await coalescer.submit(4);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(groups).toEqual([[1, 2], [4]]);
  });

  it('when the queued weight exceeds the limit, then the group stops before it, and a heavier item runs alone', async () => {
    const { coalescer, groups } = recorder();

    await Promise.all([4, 5, 3, 12, 1].map((n) => coalescer.submit(n)));

    expect(groups).toEqual([[4, 5], [3], [12], [1]]);
  });

  it('when the run throws before its first await, then the group rejects and the next group still runs', async () => {
    let calls = 0;
    const coalescer = createCoalescer<number>({
      run: (() => {
        calls++;
        if (calls === 1) throw new Error('thrown synchronously');
        return Promise.resolve();
      }) as (items: number[]) => Promise<void>,
    });

    const first = await coalescer.submit(1).then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await coalescer.submit(2);

    expect(first).toBe('thrown synchronously');
    expect(calls).toBe(2);
  });
});
