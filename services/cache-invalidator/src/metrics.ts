// The invalidator's metrics (DESIGN.md, "Metrics"), on the registry run.ts created: one object,
// its own series beside the consumer series every consumer service has (createConsumerMetrics).
import { type ConsumerMetrics, Counter, createConsumerMetrics, type Registry } from '@booking/shared/metrics';

export interface InvalidatorMetrics extends ConsumerMetrics {
  keysInvalidated: Counter;
  errors: Counter;
}

export function createInvalidatorMetrics(registry: Registry): InvalidatorMetrics {
  const registers = [registry];
  const consumer = createConsumerMetrics(registry);
  return {
    ...consumer,
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
  };
}
