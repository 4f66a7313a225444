import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError, InvariantError } from '../errors/index.ts';
import { handleIsolating } from './isolate-failures.ts';
import type { ConsumedRecord, DecodedBatch } from './types.ts';

const record = (partition: number, offset: number): ConsumedRecord => ({
  topic: 't',
  partition,
  offset: String(offset),
  key: null,
  value: null,
  headers: {},
  timestamp: '0',
});

function batch(partition: number, values: string[]): DecodedBatch<string> {
  const records = values.map((_, i) => record(partition, i));
  return {
    topic: 't',
    partition,
    records,
    decodedFrom: records,
    values,
    deadLettered: 0,
    fetchedAt: 0,
    heartbeat: async () => {},
    isRunning: () => true,
  };
}

/** A handler over a fake store: applies the values of a call, or fails the call on a poison one. */
function harness(options: { poison: (value: string) => Error | undefined; mayIsolate?: (error: unknown) => boolean }) {
  const applied: string[] = [];
  const parked: { at: string; code: string }[] = [];
  const calls: string[][] = [];
  const steps = {
    handle: async (batches: DecodedBatch<string>[]) => {
      const values = batches.flatMap((b) => b.values);
      calls.push(values);
      const failure = values.map(options.poison).find((e) => e !== undefined);
      if (failure) throw failure;
      applied.push(...values);
    },
    mayIsolate: async (error: unknown) => options.mayIsolate?.(error) ?? error instanceof InvariantError,
    park: async (r: ConsumedRecord, error: unknown) => {
      parked.push({ at: `${r.partition}/${r.offset}`, code: (error as InvariantError).code });
    },
  };
  return { applied, parked, calls, steps };
}

describe('handleIsolating', () => {
  it('when the group succeeds, then it is handled in one call and nothing is parked', async () => {
    const h = harness({ poison: () => undefined });

    await handleIsolating([batch(0, ['a', 'b']), batch(1, ['c'])], h.steps);

    expect(h.calls).toEqual([['a', 'b', 'c']]);
    expect(h.parked).toEqual([]);
  });

  it('when one record of a group fails on its own, then every other record is applied in partition order and only it is parked', async () => {
    const h = harness({ poison: (v) => (v === 'p' ? new InvariantError('written but not found') : undefined) });

    await handleIsolating([batch(0, ['a', 'b', 'p', 'c', 'd']), batch(1, ['x', 'y'])], h.steps);

    expect(h.parked).toEqual([{ at: '0/2', code: 'INVARIANT_BROKEN' }]);
    expect(h.applied).toEqual(['a', 'b', 'c', 'd', 'x', 'y']);
  });

  it('when two records of one batch fail on their own, then both are parked and the rest keeps its order', async () => {
    const h = harness({ poison: (v) => (v.startsWith('p') ? new InvariantError(v) : undefined) });

    await handleIsolating([batch(0, ['p1', 'a', 'b', 'c', 'p2', 'd'])], h.steps);

    expect(h.parked.map((p) => p.at)).toEqual(['0/0', '0/4']);
    expect(h.applied).toEqual(['a', 'b', 'c', 'd']);
  });

  it('when the failure is an outage, then it is rethrown at once: nothing is narrowed down or parked', async () => {
    const outage = new DependencyUnavailableError('database unavailable');
    const h = harness({ poison: () => outage });

    await expect(handleIsolating([batch(0, ['a']), batch(1, ['b'])], h.steps)).rejects.toBe(outage);

    expect(h.calls).toHaveLength(1);
    expect(h.parked).toEqual([]);
  });

  it('when an outage starts while the group is being narrowed down, then it is rethrown and nothing is parked', async () => {
    let down = false;
    const h = harness({
      poison: (v) =>
        down ? new DependencyUnavailableError('database unavailable') : v === 'p' ? new InvariantError('x') : undefined,
    });
    const handle = h.steps.handle;
    h.steps.handle = async (batches) => {
      if (h.calls.length === 2) down = true;
      return handle(batches);
    };

    await expect(handleIsolating([batch(0, ['a', 'p']), batch(1, ['b'])], h.steps)).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );

    expect(h.parked).toEqual([]);
  });

  it('when a batch with nothing decoded fails, then the failure is rethrown rather than blamed on no record', async () => {
    const error = new InvariantError('handler fails on an empty batch');
    const h = harness({ poison: () => undefined });
    h.steps.handle = async () => {
      throw error;
    };

    await expect(handleIsolating([batch(0, [])], h.steps)).rejects.toBe(error);
    expect(h.parked).toEqual([]);
  });
});
