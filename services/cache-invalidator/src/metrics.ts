// The invalidator's metrics (DESIGN.md, "Metrics"), on the registry main.ts created.
import {
  Counter,
  createConsumerMetrics,
  type Gauge,
  type Histogram,
  type Registry,
  type StageHistogram,
} from '@booking/shared/metrics';

export interface InvalidatorMetrics {
  keysInvalidated: Counter;
  errors: Counter;
  latency: Histogram<'stage'>;
  /** pipeline_stage_duration_seconds: invalidator_fetch and invalidated */
  stages: StageHistogram;
  lag: Gauge<'topic' | 'partition' | 'group'>;
  dlqRecords: Counter<'reason'>;
  parked: Counter<'reason'>;
  retries: Counter<'reason'>;
}

export function createInvalidatorMetrics(registry: Registry): InvalidatorMetrics {
  const registers = [registry];
  const consumer = createConsumerMetrics(registry);
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
    latency: consumer.pipelineLatency,
    stages: consumer.stages,
    lag: consumer.lag,
    dlqRecords: consumer.dlq,
    parked: consumer.parked,
    retries: consumer.retries,
  };
}
