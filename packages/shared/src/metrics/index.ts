// Public API: createMetricsRegistry({ service, version }) -> a prom-client Registry per process
// with the default process metrics and `<service>_build_info{version,revision,node_version}`. Services define their own metrics
// on the registry they are given (`registers: [registry]`); nothing uses the global registry.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsRegistryOptions {
  /** Prometheus-safe service name, e.g. "ingest", "booker", "cache_invalidator". */
  service: string;
  version: string;
  /** The source revision the image was built from (GIT_REVISION); `unknown` outside an image. */
  revision?: string;
}

export function createMetricsRegistry(options: MetricsRegistryOptions): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buildInfo = new Gauge({
    name: `${options.service}_build_info`,
    help: 'Build information of the running service; the value is always 1.',
    labelNames: ['version', 'revision', 'node_version'],
    registers: [registry],
  });
  buildInfo.set({ version: options.version, revision: options.revision ?? 'unknown', node_version: process.version }, 1);
  return registry;
}

/**
 * Latency buckets of every histogram, defined once: from 0.5 ms (a p99 of a few ms is readable;
 * the pipeline's stages take single-digit milliseconds) to 2 min (a backlog replay takes minutes).
 */
export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
  120,
];

/**
 * The stages of one booking through the pipeline, in order, each measured by the process that
 * ends it (DESIGN.md "Metrics"). A stage that starts in another process starts at the record's
 * Kafka timestamp (set by the producer when it builds the request), so it includes the broker's
 * append and replication, which overlaps the ack stage before it.
 */
export const PIPELINE_STAGES = {
  ingest_ack: 'ingest: webhook received -> Kafka acknowledged the record (the 202 follows)',
  booker_fetch: 'booker: source record produced -> fetched by the booker',
  booker_commit: 'booker: fetched -> database transaction committed',
  changes_ack: 'booker: committed -> change records acknowledged by Kafka (then the offset commit)',
  invalidator_fetch: 'invalidator: change record produced -> fetched by the invalidator',
  invalidated: 'invalidator: fetched -> keys removed and published',
} as const;
export type PipelineStage = keyof typeof PIPELINE_STAGES;
export type StageHistogram = Histogram<'stage'>;

/** pipeline_stage_duration_seconds{stage}: one observation per record and stage. */
export function createStageHistogram(registry: Registry): StageHistogram {
  const existing = registry.getSingleMetric('pipeline_stage_duration_seconds');
  if (existing) return existing as StageHistogram;
  return new Histogram({
    name: 'pipeline_stage_duration_seconds',
    help: `Duration of each stage of a booking through the pipeline, by stage: ${Object.keys(PIPELINE_STAGES).join(', ')}.`,
    labelNames: ['stage'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
}

/** Observes `stage` for each record: now − its start (epoch ms); unknown starts (≤ 0) are skipped. */
export function observeStage(histogram: StageHistogram, stage: PipelineStage, now: number, startedAt: Iterable<number>): void {
  const labelled = histogram.labels({ stage });
  for (const start of startedAt) if (start > 0) labelled.observe(Math.max(0, now - start) / 1000);
}

/** A consumer's fetch stage: each record's Kafka timestamp → its batch handed over. */
export function observeFetched(
  histogram: StageHistogram,
  stage: 'booker_fetch' | 'invalidator_fetch',
  batches: readonly { fetchedAt: number; records: readonly { timestamp: string }[] }[],
): void {
  for (const batch of batches) {
    observeStage(
      histogram,
      stage,
      batch.fetchedAt,
      batch.records.map((r) => Number(r.timestamp)),
    );
  }
}

export interface ConsumerMetrics {
  pipelineLatency: Histogram<'stage'>;
  stages: StageHistogram;
  lag: Gauge<'topic' | 'partition' | 'group'>;
  dlq: Counter<'reason'>;
  parked: Counter<'reason'>;
  retries: Counter<'reason'>;
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
    stages: createStageHistogram(registry),
    lag: new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Records between the committed offset and the high watermark, per partition.',
      labelNames: ['topic', 'partition', 'group'],
      registers,
    }),
    dlq: new Counter({
      name: 'dlq_records_total',
      help: 'Records proven bad by decoding and sent to the dead-letter topic, by reason (error class).',
      labelNames: ['reason'],
      registers,
    }),
    // INVARIANT_BROKEN at 0 from the start: the booker's own invariant breaches are the parked
    // reason the pipeline names itself, and the series lets increase() see the first one.
    parked: zeroed(
      new Counter({
        name: 'consumer_records_parked_total',
        help: 'Records that failed on their own in the handler while every dependency was up, parked in the dead-letter topic (disposition "parked"), by reason (error code).',
        labelNames: ['reason'],
        registers,
      }),
      'INVARIANT_BROKEN',
    ),
    retries: zeroed(
      new Counter({
        name: 'consumer_batch_retries_total',
        help: 'Failed batch attempts retried in place, by reason (error code; SCHEMA_UNKNOWN = the registry does not know a schema id, UNKNOWN = not one of our errors).',
        labelNames: ['reason'],
        registers,
      }),
      'SCHEMA_UNKNOWN',
    ),
  };
}

/**
 * Exports `reason` at 0 from the start: the alert on it (SchemaIdUnknown) takes increase(), which
 * needs a sample before the first retry, and the dashboard proof test finds the series.
 */
function zeroed(counter: Counter<'reason'>, reason: string): Counter<'reason'> {
  counter.inc({ reason }, 0);
  return counter;
}
