// One group of batches (the partitions of one fetch), following DESIGN.md "Booker: exactly-once
// effect": the records the batch consumer decoded (it dead-lettered the bad ones before) ->
// collapse per UID -> one DB transaction -> produce the change records and await their acks.
// The batch consumer commits each batch's offset + 1 only after this resolves. When it throws,
// the consumer retries in place (an outage) or narrows the group down and parks the record
// that fails alone (createBatchConsumer); this file never decides to skip a record.
import { InvariantError } from '@booking/shared/errors';
import type { AppointmentChangeV1 } from '@booking/shared/events';
import type { DecodedBatch, RecordProducer } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import { observeFetched, observeStage } from '@booking/shared/metrics';
import { NO_PREVIOUS, previousOf } from '@booking/shared/orm';
import type { AvroCodec } from '@booking/shared/registry';
import type { AppointmentStore, StoredAppointment } from './adapters/appointment-store.ts';
import { startGroupSpans } from './adapters/group-spans.ts';
import { planBatch, touchedUids } from './handlers/plan-batch.ts';
import { toChangeRecord } from './handlers/to-change-record.ts';
import type { Outcome, SourceRecord } from './handlers/types.ts';
import type { BookerMetrics } from './metrics.ts';

export interface BookerTopics {
  calcom: string;
  retell: string;
  changes: string;
  dlq: string;
}

export interface BatchResult {
  topic: string;
  partition: number;
  outcomes: { bookingUid: string; eventId: string; outcome: Outcome }[];
  invalid: number;
  changes: AppointmentChangeV1[];
}

export interface HandleBatchesDeps {
  topics: BookerTopics;
  changeCodec: AvroCodec<AppointmentChangeV1>;
  store: AppointmentStore;
  producer: RecordProducer;
  metrics: BookerMetrics;
  logger: Logger;
  now?: () => number;
  /** Test seam: runs after the records are produced, before the offsets are committed. */
  beforeOffsetCommit?(result: BatchResult): Promise<void>;
  onBatch?(result: BatchResult): void;
}

/** The database step of a batch (lock, plan, write, ledger) in one transaction; exported for the store test. */
export async function applyToDatabase(decoded: SourceRecord[], deps: Pick<HandleBatchesDeps, 'store'>) {
  return deps.store.transaction(async (tx) => {
    const before = await tx.lockAppointments(touchedUids(decoded));
    const plan = planBatch(decoded, before);
    const writes = [...plan.writes.values()];
    const customerIds = await tx.upsertCustomers(writes.flatMap((w) => (w.customer ? [w.customer] : [])));
    const ids = await tx.upsertAppointments(writes, customerIds, before);
    await tx.insertLedger(
      plan.outcomes.map((o) => ({
        eventId: o.record.value.eventId,
        bookingUid: o.bookingUid,
        outcome: o.outcome,
        ...o.record.position,
      })),
    );
    // The rows are locked since the read above, so what was written is exactly the plan; the
    // upsert returned the ids, which rows inserted by this transaction did not have.
    const after = new Map<string, StoredAppointment>();
    for (const [uid, { state, customer }] of plan.writes) {
      const customerId = customer ? (customerIds.get(customer.key) ?? null) : state.customerId;
      const id = before.get(uid)?.id ?? ids.get(uid);
      if (id === undefined) throw new InvariantError(`appointment ${uid} was written but not found in the same transaction`);
      const replaced = before.get(uid);
      const previous = replaced ? previousOf(replaced) : NO_PREVIOUS;
      after.set(uid, { ...state, customerId, id, previous });
    }
    for (const uid of plan.republish.keys()) {
      const row = before.get(uid);
      if (row) after.set(uid, row);
    }
    return { plan, after };
  });
}

/** Which batch of a group each UID belongs to (its record's, or the one rescheduled from it). */
function batchOfUid(batches: DecodedBatch<SourceRecord>[]): Map<string, number> {
  const owner = new Map<string, number>();
  batches.forEach((batch, i) => {
    for (const uid of touchedUids(batch.values)) if (!owner.has(uid)) owner.set(uid, i);
  });
  return owner;
}

/**
 * The batches of one group (distinct partitions, see createBatchConsumer) in one DB transaction
 * and one produce of their change records; resolves once those are acknowledged, so the batch
 * consumer then commits every batch's offset. Each batch is reported on its own to `onBatch`.
 */
export async function handleBatches(batches: DecodedBatch<SourceRecord>[], deps: HandleBatchesDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  const endBatch = deps.metrics.batchDuration.startTimer();
  observeFetched(deps.metrics.stages, 'booker_fetch', batches);
  const spans = startGroupSpans(batches);
  try {
    const decoded = batches.flatMap((b) => b.values);
    const changes: AppointmentChangeV1[] = [];
    let outcomes: BatchResult['outcomes'] = [];
    let committedAt = now();
    if (decoded.length > 0) {
      const endTx = deps.metrics.dbDuration.startTimer();
      const { plan, after } = await spans.transaction(() => applyToDatabase(decoded, deps));
      endTx();
      deps.metrics.transactionBatches.observe(batches.length);
      committedAt = now();
      const receivedAt = new Map([...plan.republish, ...[...plan.writes].map(([uid, w]) => [uid, w.receivedAt] as const)]);
      for (const [uid, row] of after) {
        // A written row replaced what was locked; a re-produced one (a redelivered record the
        // row already holds) replaced what the row recorded when that record was applied.
        changes.push(toChangeRecord(row, row.previous, receivedAt.get(uid) ?? committedAt, committedAt));
      }
      outcomes = plan.outcomes.map((o) => ({ bookingUid: o.bookingUid, eventId: o.record.value.eventId, outcome: o.outcome }));
      await batches[0]?.heartbeat();
    }
    const encoded = await Promise.all(
      changes.map(async (c) =>
        spans.publish({ topic: deps.topics.changes, key: c.bookingUid, value: await deps.changeCodec.encode(c) }),
      ),
    );
    await deps.producer.send(encoded);
    // each change belongs to the batch whose record touched its UID (one pass, not one per batch)
    const owner = batchOfUid(batches);
    const changesOf = batches.map((): AppointmentChangeV1[] => []);
    for (const c of changes) changesOf[owner.get(c.bookingUid) ?? 0]?.push(c);
    // one observation per change record, like every stage
    batches.forEach((batch, i) => {
      observeStage(
        deps.metrics.stages,
        'booker_commit',
        committedAt,
        (changesOf[i] ?? []).map(() => batch.fetchedAt),
      );
    });
    observeStage(
      deps.metrics.stages,
      'changes_ack',
      now(),
      changes.map(() => committedAt),
    );

    // one counter update per outcome, not per record (labels are hashed on every inc)
    const tally = new Map<Outcome, number>();
    for (const o of outcomes) tally.set(o.outcome, (tally.get(o.outcome) ?? 0) + 1);
    for (const [outcome, n] of tally) deps.metrics.records.inc({ outcome }, n);
    decoded.forEach((record, i) => {
      if (outcomes[i]?.outcome !== 'applied' || record.value.receivedAt <= 0) return;
      deps.metrics.pipelineLatency.observe({ stage: 'committed' }, Math.max(0, committedAt - record.value.receivedAt) / 1000);
    });
    // outcomes are one per record in the order of `decoded`: each batch takes its slice
    let from = 0;
    const results = batches.map((batch, i): BatchResult => {
      const mine = outcomes.slice(from, from + batch.values.length);
      from += batch.values.length;
      return {
        topic: batch.topic,
        partition: batch.partition,
        outcomes: mine,
        invalid: batch.deadLettered,
        changes: changesOf[i] ?? [],
      };
    });
    for (const result of results) {
      await deps.beforeOffsetCommit?.(result);
      deps.onBatch?.(result);
    }
    spans.end({ outcomes });
  } catch (error) {
    spans.end({ error });
    throw error;
  } finally {
    endBatch();
  }
}
