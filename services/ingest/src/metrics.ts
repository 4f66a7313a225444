// The ingest's own metrics (DESIGN.md "Metrics"), on the registry main created; nothing global.
import {
  Counter,
  createStageHistogram,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  type Registry,
  type StageHistogram,
} from '@booking/shared/metrics';

export interface IngestMetrics {
  webhooksReceived: Counter<'source' | 'trigger' | 'outcome'>;
  requestDuration: Histogram<'source' | 'outcome'>;
  produceDuration: Histogram<'outcome'>;
  spoolBytes: Gauge;
  spooledRecords: Counter;
  /** pipeline_stage_duration_seconds: the ingest observes stage ingest_ack */
  stages: StageHistogram;
  webhooksShed: Counter<'reason'>;
  inFlight: Gauge;
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  const registers = [registry];
  return {
    webhooksReceived: new Counter({
      name: 'webhooks_received_total',
      help: 'Webhooks received, by source, trigger (unknown values folded into "other") and outcome.',
      labelNames: ['source', 'trigger', 'outcome'],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'webhook_request_duration_seconds',
      help: 'Time from request to response of webhook requests, by source and outcome.',
      labelNames: ['source', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    produceDuration: new Histogram({
      name: 'kafka_produce_duration_seconds',
      help: 'Duration of one coalesced produce request until acks=all, by outcome (ok, error).',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    spoolBytes: new Gauge({
      name: 'ingest_spool_bytes',
      help: 'Bytes in the local spool waiting to be produced to Kafka.',
      registers,
    }),
    spooledRecords: new Counter({
      name: 'ingest_spooled_records_total',
      help: 'Records appended (fsync) to the local spool because Kafka was unavailable.',
      registers,
    }),
    stages: createStageHistogram(registry),
    webhooksShed: new Counter({
      name: 'webhooks_shed_total',
      help: 'Webhooks answered at once without work: 429 (in_flight, event_loop) or 503 (unavailable), by reason.',
      labelNames: ['reason'],
      registers,
    }),
    inFlight: new Gauge({
      name: 'ingest_webhooks_in_flight',
      help: 'Webhook requests admitted and not yet answered.',
      registers,
    }),
  };
}
