// ingest: signed Cal.com webhooks against the real ingest (own process, throw-away topics) and
// against the HTTP ceiling (a bare node:http server doing the same HMAC), with the same load
// tool in the same run: open-loop latency at --rate, then the closed-loop saturation rate; and
// the Kafka ceiling — a raw producer loop with the ingest's client settings.
import { uniqueName } from '@booking/shared/testing';
import { counterSum } from '../lib/backlog.ts';
import { benchTopics, createBenchTopics, deleteTopics, rawProducerCeiling, scenarioKafka } from '../lib/kafka.ts';
import { type Arrivals, httpClient, type LoadResult, openLoop } from '../lib/load.ts';
import { summariseProfiles } from '../lib/profile.ts';
import { diffHistogram, scrapeHistogram, stageRows } from '../lib/prom.ts';
import type { Row } from '../lib/report.ts';
import { CONNECTIONS, saturation } from '../lib/saturation.ts';
import { defineScenario } from '../lib/scenario.ts';
import { startBareServer, startIngest } from '../lib/services.ts';
import { signedWebhook } from '../lib/webhooks.ts';

/** Warm-up, open-loop latency at `rate`, then closed-loop saturation, against one ingest URL. */
export async function measure(url: string, rate: number, seconds: number, saturationSeconds: number, arrivals: Arrivals) {
  const client = httpClient(url);
  const prefix = uniqueName('bi');
  let n = 0;
  const send = async () => {
    const w = signedWebhook(`${prefix}-${n++}`);
    return (await client.post('/webhooks/calcom', w.body, w.headers)) === 202;
  };
  await openLoop({ rate, seconds: Math.min(3, seconds), send, arrivals }); // warm-up: JIT, connections, linger
  const atRate = await openLoop({ rate, seconds, send, arrivals });
  client.close();
  const saturated = await saturation(url, saturationSeconds, (i) => `${prefix}-s${i}`);
  return { atRate, saturated };
}

const failures = (r: LoadResult) => (r.failed > 0 ? `${r.failed} of ${r.sent} not 202` : undefined);

export default defineScenario({
  summary: 'webhook → 202 after the Kafka ack, vs bare node:http + HMAC and a raw producer loop',
  defaults: { rate: 500, duration: 10 },
  async run(ctx) {
    const { partitions, kafka, topics } = scenarioKafka(ctx.values, 'bench-ingest');
    const rawTopics = benchTopics(uniqueName('bench-raw'));
    await createBenchTopics(kafka, rawTopics, partitions);
    const bare = await startBareServer(ctx.profileDir);
    const ingest = await startIngest(topics, { partitions, profileDir: ctx.profileDir });
    try {
      ctx.log(`bare HTTP ceiling: ${ctx.rate}/s for ${ctx.seconds} s, then ${CONNECTIONS} connections closed loop`);
      const base = await measure(bare.url, ctx.rate, ctx.seconds, ctx.seconds, ctx.arrivals);
      ctx.log('ingest');
      const before = await scrapeHistogram(ingest.url, 'pipeline_stage_duration_seconds', 'stage');
      const real = await measure(ingest.url, ctx.rate, ctx.seconds, ctx.seconds, ctx.arrivals);
      const stages = diffHistogram(await scrapeHistogram(ingest.url, 'pipeline_stage_duration_seconds', 'stage'), before);
      const spooled = await counterSum(ingest.url, 'ingest_spooled_records_total');
      ctx.log('Kafka ceiling: raw producer loop');
      const raw = await rawProducerCeiling({
        kafka,
        topic: rawTopics.calcom,
        seconds: ctx.seconds,
        batch: CONNECTIONS,
        valueBytes: 1900,
      });
      const rows: Row[] = [
        {
          figure: `bare HTTP+HMAC latency at ${ctx.rate}/s`,
          value: base.atRate.latency.p99,
          unit: 'ms p99',
          better: 'lower',
          latency: base.atRate.latency,
        },
        {
          figure: `ingest latency at ${ctx.rate}/s (client, CO-corrected)`,
          value: real.atRate.latency.p99,
          unit: 'ms p99',
          better: 'lower',
          latency: real.atRate.latency,
          baseline: { name: 'bare p99', value: base.atRate.latency.p99 },
          target: '≤ 25 ms',
          note:
            [
              failures(real.atRate),
              spooled > 0 ? `${spooled} webhooks spooled (produce slower than INGEST_PRODUCE_DEADLINE_MS)` : '',
            ]
              .filter(Boolean)
              .join('; ') || undefined,
        },
        ...stageRows(stages),
        {
          figure: `bare HTTP+HMAC saturation (${CONNECTIONS} connections)`,
          value: base.saturated.throughput,
          unit: 'req/s',
          better: 'higher',
          latency: base.saturated.latency,
        },
        {
          figure: `ingest saturation (${CONNECTIONS} connections, consumers idle)`,
          value: real.saturated.throughput,
          unit: 'req/s',
          better: 'higher',
          latency: real.saturated.latency,
          baseline: { name: 'bare HTTP', value: base.saturated.throughput },
          target: '≥ 0.7',
          targetOn: 'ratio',
          note: failures(real.saturated),
        },
        {
          figure: 'Kafka ceiling: raw acks=all producer loop',
          value: raw.recordsPerSecond,
          unit: 'records/s',
          better: 'higher',
          note: `${CONNECTIONS} records per request, ${raw.requestMs.toFixed(1)} ms per request`,
        },
        {
          figure: 'ingest saturation / Kafka ceiling',
          value: real.saturated.throughput,
          unit: 'req/s',
          better: 'higher',
          baseline: { name: 'raw producer', value: raw.recordsPerSecond },
        },
      ];
      return rows;
    } finally {
      await Promise.all([bare.stop(), ingest.stop()]);
      await deleteTopics(kafka, [...Object.values(topics), ...Object.values(rawTopics)]);
      if (ctx.profileDir) ctx.log(`profiles:\n${summariseProfiles(ctx.profileDir)}`);
    }
  },
});
