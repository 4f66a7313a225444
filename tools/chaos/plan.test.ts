import { describe, expect, it } from 'vitest';
import { planLoad } from './plan.ts';

const options = { prefix: 'b', uids: 50, versions: 4, duplicateShare: 0.1, reorderShare: 0.2, seed: 7 };

describe('planLoad', () => {
  it('when planned, then every booking gets every version exactly once plus duplicates of sent ones', () => {
    const sends = planLoad(options);

    const originals = sends.filter((s) => !s.duplicate).map((s) => `${s.uid}/${s.version}`);
    expect(new Set(originals).size).toBe(200);
    expect(originals).toHaveLength(200);
    const duplicates = sends.filter((s) => s.duplicate);
    expect(duplicates.length).toBeGreaterThan(5);
    for (const d of duplicates) expect(originals).toContain(`${d.uid}/${d.version}`);
  });

  it('when a reorder share is set, then some bookings receive a newer version before an older one', () => {
    const sends = planLoad(options);

    const order = (uid: string) => sends.filter((s) => s.uid === uid && !s.duplicate).map((s) => s.version);
    const reordered = Array.from({ length: 50 }, (_, u) => order(`b-${u}`)).filter((o) =>
      o.some((v, i) => i > 0 && v < (o[i - 1] as number)),
    );
    expect(reordered.length).toBeGreaterThan(5);
  });

  it('when the same seed is used, then the plan is the same', () => {
    expect(planLoad(options)).toEqual(planLoad(options));
  });
});
