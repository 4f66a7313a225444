// `replay rebuild` without downtime (DESIGN.md "Rebuild without downtime"): the booker keeps
// running. 1. Read the source topics to the end they have now (H) and fold them in memory.
// 2. Link the customers, bulk-insert the rows into an empty shadow table. 3. Compare the shadow
// table with the fold (verify's comparison). 4. Fold what arrived meanwhile (H -> H') over the
// fold and write it into the shadow. 5. RENAME the shadow over the live table. 6. Apply what
// arrived after H' with the booker's own transaction (lock, version guard, ledger) to the new
// live table, up to the end the topics had after the swap: every record the booker applied to
// the replaced table came before that end, so none of its effects is lost with that table.
import { type AppointmentState, applyToDatabase, createAppointmentStore, type SourceTopics } from '@booking/booker';
import { AppError } from '@booking/shared/errors';
import type { Kafka } from '@booking/shared/kafka';
import type { MikroORM } from '@booking/shared/orm';
import type { SchemaRegistry } from '@booking/shared/registry';
import { EXIT } from '../lib/exit-codes.ts';
import { actualRows } from '../verify/actual-rows.ts';
import { type ComparableRow, compareAppointments, type Mismatch } from '../verify/compare.ts';
import { customerInputs, type Folded, foldTopics } from './fold-topics.ts';
import { sameSum, sumOf, tableSum } from './shadow-checksum.ts';
import { createShadowTable, dropTable, REPLACED_TABLE, SHADOW_TABLE, swapShadowTable, writeShadowRows } from './shadow-table.ts';

export interface ShadowRebuildDeps {
  kafka: Kafka;
  schemaRegistry: SchemaRegistry;
  orm: MikroORM;
  topics: SourceTopics;
}

export interface ShadowRebuildOptions {
  /** keep the replaced table as appointments_replaced (to compare, or to rename back) */
  keepReplaced?: boolean;
  /** test seam: runs after the shadow table is loaded and indexed, right before its comparison */
  afterLoad?(): Promise<void>;
  /** test seam: runs after the delta is in the shadow table, right before the swap */
  beforeSwap?(): Promise<void>;
  onPhase?(phase: string): void;
  onRecords?(n: number): void;
}

export interface ShadowRebuildReport {
  records: number;
  invalid: number;
  rows: number;
  /**
   * how the shadow table was compared with the fold: `checksum` (the table's sum equalled the
   * fold's), or `rows` (the sums differed, every row was read back and compared, and matched)
   */
  compared: 'checksum' | 'rows';
  /** records that arrived during the bulk load (folded into the shadow before the swap) */
  delta: number;
  /** records that arrived before the swap finished, applied with the booker's code after it */
  caughtUp: number;
  /** seconds from the start to the swap (the table was rebuilt and verified) */
  secondsToSwap: number;
  seconds: number;
  /** seconds per phase, in order */
  phases: Record<string, number>;
}

export class RebuildMismatchError extends AppError {
  /** A finding, not a failure to run: the exit-code table's 1. */
  readonly exitCode = EXIT.found;

  constructor(mismatches: Mismatch[]) {
    const first = mismatches.slice(0, 5).map((m) => `${m.bookingUid}.${m.column}: expected ${m.expected}, got ${m.actual}`);
    super(
      'INTERNAL',
      `the shadow table differs from the topics in ${mismatches.length} column(s), not swapped: ${first.join('; ')}`,
    );
    this.name = 'RebuildMismatchError';
  }
}

const CUSTOMERS_PER_TRANSACTION = 1_000;
const RECORDS_PER_CATCH_UP_TRANSACTION = 500;

/** Upserts the fold's customers (the booker's merge rules) and resolves each row's customer id. */
async function resolveCustomers(orm: MikroORM, folded: Folded): Promise<AppointmentState[]> {
  const store = createAppointmentStore(orm);
  const inputs = customerInputs(folded.writes.values());
  const ids = new Map<string, number>();
  for (let i = 0; i < inputs.length; i += CUSTOMERS_PER_TRANSACTION) {
    const chunk = inputs.slice(i, i + CUSTOMERS_PER_TRANSACTION);
    for (const [key, id] of await store.transaction((tx) => tx.upsertCustomers(chunk))) ids.set(key, id);
  }
  return [...folded.writes.values()].map(({ state, customer }) =>
    customer ? { ...state, customerId: ids.get(customer.key.toLowerCase()) ?? null } : state,
  );
}

const comparable = (folded: Folded) => {
  const rows = new Map<string, ComparableRow>();
  for (const [uid, planned] of folded.writes) {
    const { customerId: _id, ...state } = planned.state;
    rows.set(uid, { ...state, customerKey: planned.customer?.key ?? null });
  }
  return rows;
};

export async function shadowRebuild(deps: ShadowRebuildDeps, options: ShadowRebuildOptions = {}): Promise<ShadowRebuildReport> {
  const started = performance.now();
  const conn = deps.orm.em.getConnection();
  const phases: Record<string, number> = {};
  let current: { name: string; at: number } | undefined;
  const phase = (name: string) => {
    const now = performance.now();
    if (current) phases[current.name] = (now - current.at) / 1000;
    current = { name, at: now };
    options.onPhase?.(name);
  };
  phase('read and fold');
  const full = await foldTopics(deps, { onRecords: options.onRecords });
  phase('customers');
  const addIndexes = await createShadowTable(conn);
  let swapped = false;
  try {
    const rows = await resolveCustomers(deps.orm, full);
    phase(`insert ${rows.length} rows into ${SHADOW_TABLE}`);
    await writeShadowRows(deps.orm, rows);
    phase('secondary indexes');
    await addIndexes();
    await options.afterLoad?.();
    phase(`compare ${SHADOW_TABLE} with the fold`);
    const expected = comparable(full);
    const [want, have] = await Promise.all([sumOf(expected.values()), tableSum(conn, SHADOW_TABLE)]);
    const compared: ShadowRebuildReport['compared'] = sameSum(want, have) ? 'checksum' : 'rows';
    if (compared === 'rows') {
      // the sums only say that something differs; verify's comparison says what (and is the authority)
      const mismatches = compareAppointments(expected, await actualRows(deps.orm, SHADOW_TABLE));
      if (mismatches.length > 0) throw new RebuildMismatchError(mismatches);
    }

    phase('fold and write what arrived meanwhile');
    const state = new Map(rows.map((r) => [r.bookingUid, r]));
    const delta = await foldTopics(deps, { current: state, from: full.ends });
    await writeShadowRows(deps.orm, await resolveCustomers(deps.orm, delta), { overwrite: true });
    await options.beforeSwap?.();
    phase(`swap ${SHADOW_TABLE} in`);
    await swapShadowTable(conn);
    swapped = true;
    const secondsToSwap = (performance.now() - started) / 1000;

    phase('apply what arrived until the swap with the booker');
    const after = await foldTopics(deps, { from: delta.ends });
    const store = createAppointmentStore(deps.orm);
    for (let i = 0; i < after.decoded.length; i += RECORDS_PER_CATCH_UP_TRANSACTION) {
      await applyToDatabase(after.decoded.slice(i, i + RECORDS_PER_CATCH_UP_TRANSACTION), { store });
    }
    if (!options.keepReplaced) await dropTable(conn, REPLACED_TABLE);
    phase('done');
    return {
      phases,
      records: full.records,
      compared,
      invalid: full.invalid + delta.invalid + after.invalid,
      rows: full.writes.size,
      delta: delta.records,
      caughtUp: after.records,
      secondsToSwap,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!swapped) await dropTable(conn, SHADOW_TABLE);
  }
}
