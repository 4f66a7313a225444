import type { Row } from './report.ts';

// Reads a service's own histograms from its /metrics page, so that every run also reports what
// the services measured (pipeline_stage_duration_seconds by stage), not only the client's view.
export type Histogram = Map<string, { le: number[]; counts: number[]; count: number }>;

const LINE = /^([a-zA-Z_:][\w:]*)_bucket\{(.*)\}\s+(\S+)$/;

/** The buckets of metric `name`, by the value of label `by` (e.g. stage). */
export function parseHistogram(text: string, name: string, by: string): Histogram {
  const out: Histogram = new Map();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = Object.fromEntries([...(m[2] as string).matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const key = labels[by] ?? '';
    const le = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
    let h = out.get(key);
    if (!h) {
      h = { le: [], counts: [], count: 0 };
      out.set(key, h);
    }
    h.le.push(le);
    h.counts.push(Number(m[3]));
    if (le === Number.POSITIVE_INFINITY) h.count = Number(m[3]);
  }
  return out;
}

export async function scrapeHistogram(url: string, name: string, by: string): Promise<Histogram> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  return parseHistogram(text, name, by);
}

/** after − before, so that a measured window excludes the warm-up. */
export function diffHistogram(after: Histogram, before: Histogram): Histogram {
  const out: Histogram = new Map();
  for (const [key, h] of after) {
    const b = before.get(key);
    out.set(key, {
      le: h.le,
      counts: h.counts.map((c, i) => c - (b?.counts[i] ?? 0)),
      count: h.count - (b?.count ?? 0),
    });
  }
  return out;
}

/** Prometheus' histogram_quantile: linear interpolation inside the bucket, in the metric's unit. */
export function quantile(h: { le: number[]; counts: number[]; count: number }, q: number): number {
  if (h.count === 0) return Number.NaN;
  const rank = q * h.count;
  for (let i = 0; i < h.le.length; i++) {
    if ((h.counts[i] as number) >= rank) {
      const upper = h.le[i] as number;
      const lower = i === 0 ? 0 : (h.le[i - 1] as number);
      if (upper === Number.POSITIVE_INFINITY) return lower;
      const below = i === 0 ? 0 : (h.counts[i - 1] as number);
      const inBucket = (h.counts[i] as number) - below;
      return inBucket === 0 ? upper : lower + ((upper - lower) * (rank - below)) / inBucket;
    }
  }
  return Number.NaN;
}

/** One table row per stage of a (diffed) stage histogram: p99 as the value, p50/p99/p99.9 in ms. */
export function stageRows(stages: Histogram): Row[] {
  return [...stages].map(([stage, h]) => ({
    figure: `  stage ${stage} (service histogram)`,
    value: quantile(h, 0.99) * 1000,
    unit: 'ms p99',
    better: 'lower' as const,
    latency: {
      count: h.count,
      p50: quantile(h, 0.5) * 1000,
      p99: quantile(h, 0.99) * 1000,
      p999: quantile(h, 0.999) * 1000,
      max: Number.NaN,
    },
  }));
}
