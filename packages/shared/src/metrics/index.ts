// Public API: createMetricsRegistry({ service, version }) -> a prom-client Registry per process
// with the default process metrics and `<service>_build_info`. Services define their own metrics
// on the registry they are given (`registers: [registry]`); nothing uses the global registry.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsRegistryOptions {
  /** Prometheus-safe service name, e.g. "ingest", "booker", "cache_invalidator". */
  service: string;
  version: string;
}

export function createMetricsRegistry(options: MetricsRegistryOptions): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buildInfo = new Gauge({
    name: `${options.service}_build_info`,
    help: 'Build information of the running service; the value is always 1.',
    labelNames: ['version', 'node_version'],
    registers: [registry],
  });
  buildInfo.set({ version: options.version, node_version: process.version }, 1);
  return registry;
}

/** Latency buckets from 1 ms to 2 min: webhooks ack in ms, a backlog replay takes minutes. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface ConsumerMetrics {
  pipelineLatency: Histogram<'stage'>;
  lag: Gauge<'topic' | 'partition' | 'group'>;
  dlq: Counter<'reason'>;
}

/**
 * The metrics every consumer service exposes under the same names and labels (DESIGN.md
 * "Metrics"): defined once so that the dashboard and the alerts read one contract.
 */
export function createConsumerMetrics(registry: Registry): ConsumerMetrics {
  const registers = [registry];
  return {
    pipelineLatency: new Histogram({
      name: 'pipeline_latency_seconds',
      help: 'Time from the webhook being received by the ingest to the given stage (committed, invalidated).',
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
    dlq: new Counter({
      name: 'dlq_records_total',
      help: 'Records sent to the dead-letter topic, by reason (error class).',
      labelNames: ['reason'],
      registers,
    }),
  };
}
