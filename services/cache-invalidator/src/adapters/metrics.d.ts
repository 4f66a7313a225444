import { Counter, Gauge, Histogram, type Registry } from '@booking/shared/metrics';
export interface InvalidatorMetrics {
  keysInvalidated: Counter;
  errors: Counter;
  latency: Histogram<'stage'>;
  lag: Gauge<'topic' | 'partition' | 'group'>;
  dlqRecords: Counter<'reason'>;
}
export declare function createInvalidatorMetrics(registry: Registry): InvalidatorMetrics;
