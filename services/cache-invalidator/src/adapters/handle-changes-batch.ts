// The consumer adapter of the invalidator: one batch of bookings.changes (one partition) in,
// keys removed, DLQ records acknowledged — and only then does createBatchConsumer commit.
//
// Poison policy: a record that cannot be decoded or turned into keys goes to the DLQ with its
// original bytes and is committed with the batch; it never blocks the partition. Everything
// else that fails (Redis, schema registry, DLQ producer) throws, so the whole batch is retried
// in place with backoff and no offset moves past a key that is still in Redis. Retrying is
// harmless: UNLINK of a removed key is a no-op, and a second DLQ copy is the worst case.
import { isAppError } from '@booking/shared/errors';
import type { ConsumedBatch, ConsumedRecord, OutgoingRecord, RecordProducer } from '@booking/shared/kafka';
import { toDlqRecord } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import type { SchemaRegistry } from '@booking/shared/registry';
import { type Invalidation, invalidateChanges, type StaleKeyStore } from '../handlers/invalidate-changes.ts';
import { decodeChange } from './decode-change.ts';
import type { InvalidatorMetrics } from './metrics.ts';

export interface BatchOutcome {
  topic: string;
  partition: number;
  lastOffset: string;
  records: number;
  keys: string[];
  removed: number;
  dlq: number;
  /** when the keys were removed (epoch ms), and the changes that asked for it */
  removedAt: number;
  changes: { bookingUid: string; receivedAt: number | null }[];
}

export interface ChangesBatchDeps {
  schemaRegistry: SchemaRegistry;
  cache: StaleKeyStore;
  dlqProducer: RecordProducer;
  dlqTopic: string;
  groupId: string;
  metrics: InvalidatorMetrics;
  logger: Logger;
  now?: () => number;
  onBatch?: (outcome: BatchOutcome) => void;
}

interface Rejected {
  record: ConsumedRecord;
  error: unknown;
}

async function decodeAll(records: ConsumedRecord[], deps: ChangesBatchDeps) {
  const invalidations: Invalidation[] = [];
  const rejected: Rejected[] = [];
  for (const record of records) {
    try {
      invalidations.push(await decodeChange(deps.schemaRegistry, record));
    } catch (error) {
      if (isAppError(error) && error.retriable) throw error;
      rejected.push({ record, error });
    }
  }
  return { invalidations, rejected };
}

// The error class, as the booker labels it, so that one dashboard query covers both consumers.
function dlqReason(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

export function createChangesBatchHandler(deps: ChangesBatchDeps): (batch: ConsumedBatch) => Promise<void> {
  const now = deps.now ?? Date.now;
  return async function handleChangesBatch(batch) {
    const { invalidations, rejected } = await decodeAll(batch.records, deps);
    const outcome = await invalidateChanges(invalidations, { cache: deps.cache }).catch((error: unknown) => {
      deps.metrics.errors.inc();
      throw error;
    });
    const removedAt = now();
    for (const { receivedAt } of invalidations) {
      if (receivedAt !== null) deps.metrics.latency.observe({ stage: 'invalidated' }, Math.max(0, removedAt - receivedAt) / 1000);
    }
    const dlqRecords: OutgoingRecord[] = rejected.map(({ record, error }) => ({
      ...toDlqRecord(record, error, deps.groupId, removedAt),
      topic: deps.dlqTopic,
    }));
    await deps.dlqProducer.send(dlqRecords);
    for (const { record, error } of rejected) {
      deps.metrics.dlqRecords.inc({ reason: dlqReason(error) });
      deps.logger.warn(
        { topic: record.topic, partition: record.partition, offset: record.offset, err: error },
        'change record sent to the DLQ',
      );
    }
    const removed = outcome.status === 'invalidated' ? outcome.removed : 0;
    deps.metrics.keysInvalidated.inc(removed);
    deps.onBatch?.({
      topic: batch.topic,
      partition: batch.partition,
      lastOffset: batch.records.at(-1)?.offset ?? '',
      records: batch.records.length,
      keys: outcome.status === 'invalidated' ? outcome.keys : [],
      removed,
      dlq: dlqRecords.length,
      removedAt,
      changes: invalidations.map(({ bookingUid, receivedAt }) => ({ bookingUid, receivedAt })),
    });
  };
}
