// Folds the records of one batch, in partition order, over the rows read (and locked) from the
// database: the result is what processing them one by one would give, but each row is written
// once (DESIGN.md "Booker", step 2: collapse per UID). Pure: the SQL adapter does the I/O.
import {
  calcomCustomer,
  classifyChange,
  mergeRetell,
  rescheduledOldState,
  retellCustomer,
  stateFromCalcom,
} from './merge-rules.ts';
import type { AppointmentState, Outcome, PlannedRow, SourceRecord } from './types.ts';

export interface RecordOutcome {
  record: SourceRecord;
  bookingUid: string;
  outcome: Outcome;
}

export interface BatchPlan {
  outcomes: RecordOutcome[];
  /** final state per UID that changed */
  writes: Map<string, PlannedRow>;
  /**
   * UIDs whose record is already in the row (a redelivery, e.g. after a crash between the DB
   * commit and the offset commit): their change record is produced again, which is harmless.
   */
  republish: Map<string, number>;
}

/** Every UID a batch may touch (the record's own and the old UID of a reschedule). */
export function touchedUids(records: SourceRecord[]): string[] {
  const uids = new Set<string>();
  for (const r of records) {
    uids.add(r.value.bookingUid);
    if (r.kind === 'calcom' && r.value.rescheduledFromUid) uids.add(r.value.rescheduledFromUid);
  }
  return [...uids].sort();
}

export function planBatch(records: SourceRecord[], current: ReadonlyMap<string, AppointmentState>): BatchPlan {
  const writes = new Map<string, PlannedRow>();
  const republish = new Map<string, number>();
  const outcomes: RecordOutcome[] = [];

  // a booking's state so far: its last planned write, else what it was (no copy of `current`,
  // which a rebuild's catch-up passes with a million rows)
  const stateOf = (uid: string) => writes.get(uid)?.state ?? current.get(uid);
  const hasCustomer = (uid: string) => (stateOf(uid)?.customerId ?? null) !== null || !!writes.get(uid)?.customer;
  const write = (row: PlannedRow) => {
    writes.set(row.state.bookingUid, row);
  };
  const note = (uid: string, outcome: Outcome, receivedAt: number) => {
    if (outcome === 'duplicate' && !writes.has(uid)) republish.set(uid, receivedAt);
  };

  for (const record of records) {
    const uid = record.value.bookingUid;
    const row = stateOf(uid) ?? null;
    const receivedAt = record.value.receivedAt;
    if (record.kind === 'retell') {
      const merged = mergeRetell(record.value, row, hasCustomer(uid));
      const outcome: Outcome = merged ? 'applied' : 'duplicate';
      if (merged) {
        const customer = writes.get(uid)?.customer ?? (hasCustomer(uid) ? null : retellCustomer(record.value));
        write({ state: merged, customer, receivedAt });
      }
      note(uid, outcome, receivedAt);
      outcomes.push({ record, bookingUid: uid, outcome });
      continue;
    }
    const value = record.value;
    const outcome = classifyChange(value, row);
    if (outcome === 'applied') {
      const customer = calcomCustomer(value) ?? writes.get(uid)?.customer ?? null;
      write({ state: stateFromCalcom(value, row, customer ? null : (row?.customerId ?? null)), customer, receivedAt });
    }
    note(uid, outcome, receivedAt);
    outcomes.push({ record, bookingUid: uid, outcome });

    const oldUid = value.rescheduledFromUid;
    if (oldUid && oldUid !== uid) {
      const oldRow = stateOf(oldUid) ?? null;
      const oldOutcome = classifyChange({ version: value.version, eventId: value.eventId, status: 'RESCHEDULED' }, oldRow);
      if (oldOutcome === 'applied') {
        const customer = oldRow ? (writes.get(oldUid)?.customer ?? null) : calcomCustomer(value);
        write({ state: rescheduledOldState(value, oldRow), customer, receivedAt });
      }
      note(oldUid, oldOutcome, receivedAt);
    }
  }
  return { outcomes, writes, republish };
}
