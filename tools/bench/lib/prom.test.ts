import { describe, expect, it } from 'vitest';
import { latencyOf } from './load.ts';
import { diffHistogram, parseHistogram, quantile } from './prom.ts';

const page = (n: [number, number, number]) => `# HELP pipeline_stage_duration_seconds x
# TYPE pipeline_stage_duration_seconds histogram
pipeline_stage_duration_seconds_bucket{le="0.001",stage="ingest_ack"} ${n[0]}
pipeline_stage_duration_seconds_bucket{le="0.002",stage="ingest_ack"} ${n[1]}
pipeline_stage_duration_seconds_bucket{le="+Inf",stage="ingest_ack"} ${n[2]}
pipeline_stage_duration_seconds_sum{stage="ingest_ack"} 0.1
pipeline_stage_duration_seconds_count{stage="ingest_ack"} ${n[2]}
other_bucket{le="1"} 5`;

describe('service histograms in bench runs', () => {
  it('when a stage histogram is read, then its quantiles interpolate inside the bucket as histogram_quantile does', () => {
    const h = parseHistogram(page([50, 100, 100]), 'pipeline_stage_duration_seconds', 'stage').get('ingest_ack');
    expect(h?.count).toBe(100);
    expect(quantile(h as NonNullable<typeof h>, 0.5)).toBeCloseTo(0.001);
    expect(quantile(h as NonNullable<typeof h>, 0.75)).toBeCloseTo(0.0015);
  });

  it('when the warm-up is subtracted, then only the measured window counts', () => {
    const before = parseHistogram(page([50, 50, 50]), 'pipeline_stage_duration_seconds', 'stage');
    const after = parseHistogram(page([50, 150, 150]), 'pipeline_stage_duration_seconds', 'stage');
    const window = diffHistogram(after, before).get('ingest_ack');
    expect(window?.count).toBe(100);
    expect(quantile(window as NonNullable<typeof window>, 0.5)).toBeCloseTo(0.0015);
  });

  it('when client latencies are summarised, then p50/p99/p99.9 and max come from the sorted values', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(latencyOf(values)).toEqual({ count: 1000, p50: 501, p99: 991, p999: 1000, max: 1000 });
  });
});
