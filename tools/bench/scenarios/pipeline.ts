// pipeline: signed webhooks at an open-loop --rate through the real ingest, booker and cache
// invalidator (each in its own process; throw-away topics, scratch database, prefixed keys).
// End to end is timed by the client: from each request's intended send time to the message
// naming its booking on cache:invalidations. Per stage, from the services' own histograms. The
// HTTP ceiling (bare node:http + HMAC at the same rate) is measured in the same run.
import { uniqueName } from '@booking/shared/testing';
import { counterSum } from '../lib/backlog.ts';
import { scratchDatabase } from '../lib/database.ts';
import { listenInvalidations } from '../lib/invalidations.ts';
import { benchKafka, benchTopics, createBenchTopics, DEFAULT_PARTITIONS, deleteTopics } from '../lib/kafka.ts';
import { httpClient, latencyOf, openLoop } from '../lib/load.ts';
import type { Service } from '../lib/processes.ts';
import { summariseProfiles } from '../lib/profile.ts';
import { diffHistogram, type Histogram, scrapeHistogram, stageRows } from '../lib/prom.ts';
import { defineScenario, intOption } from '../lib/scenario.ts';
import { startBareServer, startBooker, startIngest, startInvalidator } from '../lib/services.ts';
import { signedWebhook } from '../lib/webhooks.ts';

const STAGE = 'pipeline_stage_duration_seconds';

async function stages(services: Service[]): Promise<Histogram> {
  const all: Histogram = new Map();
  for (const s of services) for (const [k, v] of await scrapeHistogram(s.url, STAGE, 'stage')) all.set(k, v);
  return all;
}

async function bareLatency(rate: number, seconds: number) {
  const bare = await startBareServer();
  const client = httpClient(bare.url);
  try {
    const send = async (i: number) => {
      const w = signedWebhook(`bare-${i}`);
      return (await client.post('/webhooks/calcom', w.body, w.headers)) === 202;
    };
    await openLoop({ rate, seconds: 2, send });
    return (await openLoop({ rate, seconds, send })).latency;
  } finally {
    client.close();
    await bare.stop();
  }
}

export default defineScenario({
  summary: 'webhook → message on cache:invalidations through all three services, per stage',
  defaults: { rate: 500, duration: 10 },
  async run(ctx) {
    const partitions = intOption(ctx.values, 'partitions', DEFAULT_PARTITIONS);
    ctx.log('HTTP ceiling at the same rate');
    const bare = await bareLatency(ctx.rate, Math.min(ctx.seconds, 10));
    const id = uniqueName('bench-pipe');
    const prefix = `${id}:`;
    const kafka = benchKafka('bench-pipeline');
    const topics = benchTopics(id);
    const db = await scratchDatabase('bench_pipeline');
    const listener = await listenInvalidations(prefix);
    const services: Service[] = [];
    try {
      await createBenchTopics(kafka, topics, partitions);
      const options = { partitions, profileDir: ctx.profileDir };
      services.push(await startBooker(topics, { ...options, databaseUrl: db.url, groupId: `${id}-booker` }));
      services.push(await startInvalidator(topics, { ...options, keyPrefix: prefix, groupId: `${id}-inv` }));
      const ingest = await startIngest(topics, options);
      services.push(ingest);
      const client = httpClient(ingest.url);
      const uid = (phase: string, i: number) => `${id}-${phase}${i}`;
      const sender = (phase: string) => async (i: number) => {
        const w = signedWebhook(uid(phase, i));
        return (await client.post('/webhooks/calcom', w.body, w.headers)) === 202;
      };
      // warm-up: every consumer group has joined and JIT has run once the warm-up is invalidated
      const warm = await openLoop({ rate: Math.min(ctx.rate, 200), seconds: 2, send: sender('w') });
      await listener.waitFor(warm.ok, 120_000);
      const before = await stages(services);
      ctx.log(`measuring ${ctx.rate}/s for ${ctx.seconds} s`);
      const load = await openLoop({ rate: ctx.rate, seconds: ctx.seconds, send: sender('m') });
      const sentEnd = load.intendedAt[load.sent - 1] ?? 0;
      await listener.waitFor(warm.ok + load.ok, 300_000).catch((e: unknown) => ctx.log(String(e)));
      const after = await stages(services);
      const booker = services[0] as Service;
      const retried = await counterSum(booker.url, 'booker_records_total', /outcome="failed"/);
      const spooled = await counterSum(ingest.url, 'ingest_spooled_records_total');
      client.close();
      const e2e: number[] = [];
      let lastSeen = 0;
      for (let i = 0; i < load.sent; i++) {
        const seen = listener.seen.get(uid('m', i));
        if (seen === undefined) continue;
        e2e.push(seen - (load.intendedAt[i] as number));
        lastSeen = Math.max(lastSeen, seen);
      }
      const latency = latencyOf(e2e);
      const windowS = (lastSeen - (load.intendedAt[0] as number)) / 1000;
      return [
        { figure: `bare HTTP+HMAC at ${ctx.rate}/s`, value: bare.p99, unit: 'ms p99', better: 'lower', latency: bare },
        {
          figure: `ingest 202 at ${ctx.rate}/s (client, CO-corrected)`,
          value: load.latency.p99,
          unit: 'ms p99',
          better: 'lower',
          latency: load.latency,
          baseline: { name: 'bare p99', value: bare.p99 },
          target: '≤ 25 ms',
          note: load.failed > 0 ? `${load.failed} of ${load.sent} not 202` : undefined,
        },
        {
          figure: `request → invalidated at ${ctx.rate}/s (client send → channel)`,
          value: latency.p99,
          unit: 'ms p99',
          better: 'lower',
          latency,
          baseline: { name: 'bare p99', value: bare.p99 },
          target: 'p50 ≤ 20, p99 ≤ 60 ms',
          note:
            [
              e2e.length < load.ok ? `${load.ok - e2e.length} accepted bookings never invalidated` : '',
              retried > 0 ? `${retried} booker records in failed (retried) batch attempts` : '',
              spooled > 0 ? `${spooled} webhooks spooled (produce slower than INGEST_PRODUCE_DEADLINE_MS)` : '',
            ]
              .filter(Boolean)
              .join('; ') || undefined,
        },
        ...stageRows(diffHistogram(after, before)),
        {
          figure: 'sustained: invalidated bookings per second',
          value: e2e.length / windowS,
          unit: '/s',
          better: 'higher',
          baseline: { name: 'offered', value: ctx.rate },
          target: '≥ 3 000/s at --rate 3000 --duration 60',
        },
        {
          figure: 'drain: last send → last invalidation',
          value: (lastSeen - sentEnd) / 1000,
          unit: 's',
          better: 'lower',
          target: '≤ 5 s',
        },
      ];
    } finally {
      for (const s of services.reverse()) await s.stop();
      await listener.close();
      await deleteTopics(kafka, Object.values(topics));
      await db.drop();
      if (ctx.profileDir) ctx.log(`profiles:\n${summariseProfiles(ctx.profileDir)}`);
    }
  },
});
