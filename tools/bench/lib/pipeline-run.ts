// The measurement both pipeline scenarios share (bare services, and `npm start` with its
// supervisor and default logging): warm-up at the measured rate until every warm-up booking is
// invalidated, then open-loop signed webhooks; end to end from each request's intended send time
// to the message naming its booking on cache:invalidations; per stage from the services' own
// histograms; CPU seconds per accepted webhook of every process from /proc.
import { counterSum } from './backlog.ts';
import { type CpuMeter, cpuMeter } from './cpu.ts';
import type { InvalidationListener } from './invalidations.ts';
import { httpClient, type LoadResult, latencyOf, openLoop } from './load.ts';
import { diffHistogram, type Histogram, scrapeHistogram, stageRows } from './prom.ts';
import type { Latency, Row } from './report.ts';
import type { BenchContext } from './scenario.ts';
import { intOption } from './scenario.ts';
import { startBareServer } from './services.ts';
import { signedWebhook } from './webhooks.ts';

const STAGE = 'pipeline_stage_duration_seconds';
const WARM_UP_SECONDS = 3;

export interface PipelineUnderTest {
  ingestUrl: string;
  bookerUrl: string;
  /** every service's base URL: their stage histograms are summed */
  serviceUrls: string[];
  /** name -> pid of each process whose CPU is counted (services, supervisor, stack) */
  processes: Record<string, number>;
  /** the services among `processes`, summed as "services" */
  services: string[];
  listener: InvalidationListener;
  /** a booking uid unique to this run */
  uid(phase: string, i: number): string;
}

async function stages(urls: string[]): Promise<Histogram> {
  const all: Histogram = new Map();
  for (const url of urls) for (const [k, v] of await scrapeHistogram(url, STAGE, 'stage')) all.set(k, v);
  return all;
}

function cpuRows(meter: CpuMeter, p: PipelineUnderTest, webhooks: number, rate: number): Row[] {
  const split = meter.readSplit();
  const used = Object.fromEntries(Object.entries(split).map(([name, t]) => [name, t.user + t.system]));
  const perWebhookMs = (seconds: number) => (seconds * 1000) / Math.max(1, webhooks);
  const services = p.services.reduce((sum, name) => sum + (used[name] ?? 0), 0);
  const shared = new Set(['kafka', 'mariadb', 'redis']);
  return [
    {
      figure: `CPU per webhook at ${rate}/s: ${p.services.join(' + ')}`,
      value: perWebhookMs(services),
      unit: 'ms',
      better: 'lower',
      target: '≤ 1.0 ms',
      note: Object.entries(used)
        .map(([name, s]) => {
          const sys = split[name]?.system ?? 0;
          return `${name} ${perWebhookMs(s).toFixed(3)} ms (${s.toFixed(2)} s, ${((100 * sys) / Math.max(s, 0.01)).toFixed(0)} % kernel)`;
        })
        .join(', '),
    },
    ...Object.keys(p.processes).map(
      (name): Row => ({
        figure: `CPU per webhook at ${rate}/s: ${name}${shared.has(name) ? ' (shared: all users of the stack)' : ''}`,
        value: perWebhookMs(used[name] ?? 0),
        unit: 'ms',
        better: 'lower',
      }),
    ),
  ];
}

export async function measurePipeline(ctx: BenchContext, p: PipelineUnderTest, bare: Latency): Promise<Row[]> {
  const client = httpClient(p.ingestUrl);
  try {
    const sender = (phase: string) => async (i: number) => {
      const w = signedWebhook(p.uid(phase, i));
      return (await client.post('/webhooks/calcom', w.body, w.headers)) === 202;
    };
    const arrivals = ctx.arrivals;
    // warm-up at the measured rate: JIT, connections, every consumer group joined and fetching
    const warm = await openLoop({ rate: ctx.rate, seconds: WARM_UP_SECONDS, send: sender('w'), arrivals });
    await p.listener.waitFor(warm.ok, 120_000);
    const before = await stages(p.serviceUrls);
    const meter = cpuMeter(p.processes);
    ctx.log(`measuring ${ctx.rate}/s (${arrivals}) for ${ctx.seconds} s`);
    const [load, control] = await Promise.all([
      openLoop({ rate: ctx.rate, seconds: ctx.seconds, send: sender('m'), arrivals }),
      alongside(ctx),
    ]);
    const sentEnd = load.intendedAt[load.sent - 1] ?? 0;
    await p.listener.waitFor(warm.ok + load.ok, 300_000).catch((e: unknown) => ctx.log(String(e)));
    const cpu = cpuRows(meter, p, load.ok, ctx.rate);
    const after = await stages(p.serviceUrls);
    const retried = await counterSum(p.bookerUrl, 'booker_records_total', /outcome="failed"/);
    const spooled = await counterSum(p.ingestUrl, 'ingest_spooled_records_total');
    const e2e: number[] = [];
    let lastSeen = 0;
    for (let i = 0; i < load.sent; i++) {
      const seen = p.listener.seen.get(p.uid('m', i));
      if (seen === undefined) continue;
      e2e.push(seen - (load.intendedAt[i] as number));
      lastSeen = Math.max(lastSeen, seen);
    }
    const latency = latencyOf(e2e);
    const windowS = (lastSeen - (load.intendedAt[0] as number)) / 1000;
    const notes = [
      e2e.length < load.ok ? `${load.ok - e2e.length} accepted bookings never invalidated` : '',
      retried > 0 ? `${retried} booker records in failed (retried) batch attempts` : '',
      spooled > 0 ? `${spooled} webhooks spooled (produce slower than INGEST_PRODUCE_DEADLINE_MS)` : '',
    ].filter(Boolean);
    return [
      { figure: `bare HTTP+HMAC at ${ctx.rate}/s`, value: bare.p99, unit: 'ms p99', better: 'lower', latency: bare },
      {
        figure: `ingest 202 at ${ctx.rate}/s (client, CO-corrected)`,
        value: load.latency.p99,
        unit: 'ms p99',
        better: 'lower',
        latency: load.latency,
        baseline: { name: 'bare p99', value: bare.p99 },
        note: [
          load.failed > 0 ? `${load.failed} of ${load.sent} not 202` : '',
          `max ${load.latency.max.toFixed(0)} ms`,
          slowestNote(load),
        ]
          .filter(Boolean)
          .join('; '),
      },
      {
        figure: `request → invalidated at ${ctx.rate}/s (client send → channel)`,
        value: latency.p99,
        unit: 'ms p99',
        better: 'lower',
        latency,
        baseline: { name: 'bare p99', value: bare.p99 },
        target: 'p50 ≤ 15, p99 ≤ 60 ms at 500/s',
        note: [...notes, `max ${latency.max.toFixed(0)} ms`].join('; '),
      },
      ...(control ? [controlRow(control, intOption(ctx.values, 'control-rate', 0))] : []),
      ...cpu,
      ...stageRows(diffHistogram(after, before)),
      {
        figure: 'sustained: invalidated bookings per second',
        value: e2e.length / windowS,
        unit: '/s',
        better: 'higher',
        baseline: { name: 'offered', value: ctx.rate },
      },
      {
        figure: 'drain: last send → last invalidation',
        value: (lastSeen - sentEnd) / 1000,
        unit: 's',
        better: 'lower',
        target: '≤ 10 s',
      },
    ];
  } finally {
    client.close();
  }
}

const slowestNote = (load: LoadResult) =>
  `slowest sent at ${load.slowest.map((s) => `${new Date(s.at).toISOString().slice(11, 23)} (${s.ms} ms)`).join(', ')}`;

/**
 * --control-rate N: a bare node:http + HMAC server loaded at N/s by the same load tool during the
 * measured window. A stall of the machine or of the load tool shows in both at the same moment;
 * one of the pipeline (Kafka, the database, a service) only in the ingest's answers.
 */
async function alongside(ctx: BenchContext): Promise<LoadResult | undefined> {
  const rate = intOption(ctx.values, 'control-rate', 0);
  if (rate <= 0) return undefined;
  const bare = await startBareServer();
  const client = httpClient(bare.url);
  try {
    const send = async (i: number) => {
      const w = signedWebhook(`control-${i}`);
      return (await client.post('/webhooks/calcom', w.body, w.headers)) === 202;
    };
    return await openLoop({ rate, seconds: ctx.seconds, send, arrivals: ctx.arrivals });
  } finally {
    client.close();
    await bare.stop();
  }
}

function controlRow(control: LoadResult, rate: number): Row {
  return {
    figure: `control: bare HTTP+HMAC at ${rate}/s during the window`,
    value: control.latency.p99,
    unit: 'ms p99',
    better: 'lower',
    latency: control.latency,
    note: `max ${control.latency.max.toFixed(0)} ms; ${slowestNote(control)}`,
  };
}
