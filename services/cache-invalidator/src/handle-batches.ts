// The consumer adapter of the invalidator: the decoded changes of a group of batches of
// bookings.changes (distinct partitions) in, keys removed — and only then does
// createBatchConsumer commit. Records that cannot be decoded or turned into keys were
// dead-lettered by createBatchConsumer (the one error policy, DESIGN.md "Consumer error
// policy"); everything that fails here (Redis) throws, so the whole group is retried and no
// offset moves past a key still in Redis.
// Retrying is harmless: UNLINK of a removed key is a no-op.
// Spans (DESIGN.md "Tracing"): a `process` span per change record, child of the booker's
// publish span in its headers, and one `remove keys` span for the group's Redis pipeline.
import type { DecodedBatch } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import { observeFetched, observeStage } from '@booking/shared/metrics';
import { ATTR, endRecordSpans, inGroupSpan, startRecordSpans } from '@booking/shared/tracing';
import { SpanKind, trace } from '@opentelemetry/api';
import { type Invalidation, invalidateChanges, type StaleKeyStore, uniqueKeys } from './handlers/invalidate-changes.ts';
import type { InvalidatorMetrics } from './metrics.ts';

const tracer = trace.getTracer('cache-invalidator');
const REMOVAL = { kind: SpanKind.CLIENT, attributes: { [ATTR.dbSystem]: 'redis', [ATTR.dbOperation]: 'UNLINK' } };

export interface BatchResult {
  topic: string;
  partition: number;
  lastOffset: string;
  records: number;
  keys: string[];
  dlq: number;
  /** when the keys were removed (epoch ms), and the changes that asked for it */
  removedAt: number;
  changes: { bookingUid: string; receivedAt: number | null }[];
}

export interface HandleBatchesDeps {
  cache: StaleKeyStore;
  metrics: InvalidatorMetrics;
  logger: Logger;
  now?: () => number;
  onBatch?: (result: BatchResult) => void;
}

/**
 * The batches of one group (createBatchConsumer) at once: their keys in one Redis pipeline (one
 * write, one round trip), then each batch is reported on its own to `onBatch`, if set.
 */
export async function handleBatches(batches: DecodedBatch<Invalidation>[], deps: HandleBatchesDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  observeFetched(deps.metrics.stages, 'invalidator_fetch', batches);
  const spans = startRecordSpans(
    tracer,
    batches.flatMap((b) => b.records),
  );
  const outcome = await inGroupSpan(tracer, 'remove keys', { ...REMOVAL, records: spans }, () =>
    invalidateChanges(
      batches.flatMap((b) => b.values),
      { cache: deps.cache },
    ),
  ).catch((error: unknown) => {
    deps.metrics.errors.inc();
    endRecordSpans(spans, error);
    throw error;
  });
  const removedAt = now();
  deps.metrics.keysInvalidated.inc(outcome.status === 'invalidated' ? outcome.removed : 0);
  for (const batch of batches) {
    const invalidations = batch.values;
    observeStage(
      deps.metrics.stages,
      'invalidated',
      removedAt,
      invalidations.map(() => batch.fetchedAt),
    );
    for (const { receivedAt } of invalidations) {
      if (receivedAt !== null)
        deps.metrics.pipelineLatency.observe({ stage: 'invalidated' }, Math.max(0, removedAt - receivedAt) / 1000);
    }
    // the per-batch report (its own keys, its changes) is built only for a listener (tests)
    if (!deps.onBatch) continue;
    deps.onBatch({
      topic: batch.topic,
      partition: batch.partition,
      lastOffset: batch.records.at(-1)?.offset ?? '',
      records: batch.records.length,
      keys: uniqueKeys(invalidations),
      dlq: batch.deadLettered,
      removedAt,
      changes: invalidations.map(({ bookingUid, receivedAt }) => ({ bookingUid, receivedAt })),
    });
  }
  endRecordSpans(spans);
}
