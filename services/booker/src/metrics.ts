// The booker's metrics (DESIGN.md, "Metrics"), on the registry run.ts created: one object, its
// own series beside the consumer series every consumer service has (createConsumerMetrics).
import {
  type ConsumerMetrics,
  Counter,
  createConsumerMetrics,
  Histogram,
  LATENCY_BUCKETS,
  type Registry,
} from '@booking/shared/metrics';

export interface BookerMetrics extends ConsumerMetrics {
  records: Counter<'outcome'>;
  batchDuration: Histogram;
  dbDuration: Histogram;
  transactionBatches: Histogram;
}

export function createBookerMetrics(registry: Registry): BookerMetrics {
  const registers = [registry];
  const metrics: BookerMetrics = {
    records: new Counter({
      name: 'booker_records_total',
      help: 'Source records by outcome: applied, duplicate, stale, invalid (sent to the DLQ), parked (failed on its own with every dependency up, in the DLQ), failed (a batch attempt that failed transiently and is retried).',
      labelNames: ['outcome'],
      registers,
    }),
    batchDuration: new Histogram({
      name: 'booker_batch_duration_seconds',
      help: 'Time to process one group of batches (the partitions of a fetch): database transaction and produce of the change records.',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    dbDuration: new Histogram({
      name: 'booker_db_transaction_duration_seconds',
      help: 'Duration of the database transaction of one group of batches, commit included.',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    transactionBatches: new Histogram({
      name: 'booker_transaction_batches',
      help: 'Batches (topic-partitions) applied in one database transaction.',
      buckets: [1, 2, 4, 8, 12, 16, 24, 32, 48, 64],
      registers,
    }),
    ...createConsumerMetrics(registry),
  };
  // Every outcome exists from the start at 0, so that the success rate (applied / all
  // non-duplicate) and its alert are defined before the first failure ever happens.
  for (const outcome of ['applied', 'duplicate', 'stale', 'invalid', 'parked', 'failed']) metrics.records.inc({ outcome }, 0);
  return metrics;
}
