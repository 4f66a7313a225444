// The invalidator's metrics (DESIGN.md, "Metrics"), on the registry main.ts created.
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, type Registry } from '@booking/shared/metrics';

export interface InvalidatorMetrics {
  keysInvalidated: Counter;
  errors: Counter;
  latency: Histogram<'stage'>;
  lag: Gauge<'topic' | 'partition' | 'group'>;
  dlqRecords: Counter<'reason'>;
}

export function createInvalidatorMetrics(registry: Registry): InvalidatorMetrics {
  const registers = [registry];
  return {
    keysInvalidated: new Counter({
      name: 'cache_keys_invalidated_total',
      help: 'Cache keys removed from Redis by UNLINK (keys that existed when their change arrived).',
      registers,
    }),
    errors: new Counter({
      name: 'cache_invalidation_errors_total',
      help: 'Failed attempts to remove a batch of keys (Redis unavailable); the batch is retried.',
      registers,
    }),
    latency: new Histogram({
      name: 'pipeline_latency_seconds',
      help: 'Time from the webhook being received to a pipeline stage; stage="invalidated": its cache keys removed.',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    lag: new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Records between the committed offset and the high watermark, per partition.',
      labelNames: ['topic', 'partition', 'group'],
      registers,
    }),
    dlqRecords: new Counter({
      name: 'dlq_records_total',
      help: 'Records sent to the dead-letter topic, by reason.',
      labelNames: ['reason'],
      registers,
    }),
  };
}
