// Isolation (DESIGN.md "Consumer error policy"): when a group fails for a reason that belongs
// to its records (not an outage, every dependency answering), it is narrowed down — the group
// into its batches, a failing batch into halves, down to single records — and everything that
// succeeds is applied, in partition order; a record that still fails on its own is parked.
// Any failure on the way that looks like an outage is rethrown, so the whole group retries in
// place and nothing is parked (what was applied meanwhile is applied again, idempotently).
import type { ConsumedRecord, DecodedBatch } from './types.ts';

export interface IsolationSteps<T> {
  handle(batches: DecodedBatch<T>[]): Promise<void>;
  /** Whether this failure may be narrowed down: not an outage, and every dependency answers now. */
  mayIsolate(error: unknown): Promise<boolean>;
  /** Sets aside the one record that fails alone (to the DLQ, acknowledged), with why. */
  park(record: ConsumedRecord, error: unknown): Promise<void>;
}

/** The values [from, to) of a batch as a batch of their own (their records only, no dead letters). */
export function sliceBatch<T>(batch: DecodedBatch<T>, from: number, to: number): DecodedBatch<T> {
  const decodedFrom = batch.decodedFrom.slice(from, to);
  return { ...batch, values: batch.values.slice(from, to), decodedFrom, records: decodedFrom, deadLettered: 0 };
}

/** Handles a group; if it fails on its records, applies what it can and parks what fails alone. */
export async function handleIsolating<T>(batches: DecodedBatch<T>[], steps: IsolationSteps<T>): Promise<void> {
  try {
    await steps.handle(batches);
  } catch (error) {
    if (!(await steps.mayIsolate(error))) throw error;
    if (batches.length === 1 && batches[0]) return narrow(batches[0], error, steps);
    for (const batch of batches) await attempt(batch, steps);
  }
}

async function attempt<T>(batch: DecodedBatch<T>, steps: IsolationSteps<T>): Promise<void> {
  try {
    await steps.handle([batch]);
  } catch (error) {
    if (!(await steps.mayIsolate(error))) throw error;
    await narrow(batch, error, steps);
  }
}

/** `batch` failed alone with `error`: its halves are tried in order, down to single records. */
async function narrow<T>(batch: DecodedBatch<T>, error: unknown, steps: IsolationSteps<T>): Promise<void> {
  const [only] = batch.decodedFrom;
  if (batch.values.length === 1 && only) return steps.park(only, error);
  // nothing decoded left to blame (e.g. a handler that fails on an empty batch): not a record
  if (batch.values.length === 0) throw error;
  const middle = Math.ceil(batch.values.length / 2);
  await attempt(sliceBatch(batch, 0, middle), steps);
  await attempt(sliceBatch(batch, middle, batch.values.length), steps);
}
