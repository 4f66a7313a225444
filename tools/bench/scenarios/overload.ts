// overload: an open-loop load of several times the ingest's capacity, as a webhook gateway would
// offer it after an outage, against the ingest without load shedding (the same-run baseline:
// bounds out of reach) and with it (defaults or --max-in-flight / --max-delay). Reports what a
// gateway sees: answered 2xx/s, 429/s, 503/s, p99 of all answers (from the intended send time),
// connection errors and time-outs (--timeout, wall clock per request, as a sender's).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { uniqueName } from '@booking/shared/testing';
import { benchKafka, benchTopics, deleteTopics } from '../lib/kafka.ts';
import { closedLoop, httpClient, latencyOf, openLoop, TimeoutError } from '../lib/load.ts';
import { diffHistogram, quantile, scrapeHistogram } from '../lib/prom.ts';
import type { Row } from '../lib/report.ts';
import { defineScenario, intOption } from '../lib/scenario.ts';
import { startIngest } from '../lib/services.ts';
import { gatewaySignedWebhook, signedWebhook } from '../lib/webhooks.ts';

const GATEWAY_SECRET = `whsec_${Buffer.alloc(24, 0x5a).toString('base64')}`;
// more than the default in-flight bound, so that the bound (not the client's pool) limits
const SOCKETS = 1024;

interface Tally {
  ok: number;
  tooMany: number;
  unavailable: number;
  other: number;
  withoutRetryAfter: number;
  connectionErrors: number;
  /** connection error codes (ECONNRESET …) and how often */
  errorCodes: Record<string, number>;
  timeouts: number;
  /** index and performance.now() of every answer (any status) */
  answers: [number, number][];
}

async function offer(url: string, rate: number, seconds: number, timeoutMs: number, gateway: boolean) {
  const client = httpClient(url, SOCKETS);
  const prefix = uniqueName('ov');
  const tally: Tally = {
    ok: 0,
    tooMany: 0,
    unavailable: 0,
    other: 0,
    withoutRetryAfter: 0,
    connectionErrors: 0,
    errorCodes: {},
    timeouts: 0,
    answers: [],
  };
  const send = async (i: number) => {
    const uid = `${prefix}-${i}`;
    const w = gateway ? gatewaySignedWebhook(uid, GATEWAY_SECRET, `msg_${uid}`) : signedWebhook(uid);
    try {
      const answer = await client.send('/webhooks/calcom', w.body, w.headers, timeoutMs);
      tally.answers.push([i, performance.now()]);
      if (answer.status >= 200 && answer.status < 300) tally.ok++;
      else if (answer.status === 429) tally.tooMany++;
      else if (answer.status === 503) tally.unavailable++;
      else tally.other++;
      if ((answer.status === 429 || answer.status === 503) && !answer.headers['retry-after']) tally.withoutRetryAfter++;
      return answer.status === 202;
    } catch (error) {
      if (error instanceof TimeoutError) tally.timeouts++;
      else {
        tally.connectionErrors++;
        const code = String((error as { code?: unknown }).code ?? (error as Error).message);
        tally.errorCodes[code] = (tally.errorCodes[code] ?? 0) + 1;
      }
      return false;
    }
  };
  // the load generator shares the machine: its own lag is part of every client-side latency
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const result = await openLoop({ rate, seconds, send });
  lag.disable();
  client.close();
  const latency = latencyOf(tally.answers.map(([i, at]) => at - (result.intendedAt[i] as number)));
  return { tally, latency, seconds: result.seconds, sent: result.sent, clientLagP99Ms: lag.percentile(99) / 1e6 };
}

type Offered = Awaited<ReturnType<typeof offer>> & { serverP99Ms: { accepted: number; shed: number } };

function rowsOf(name: string, run: Offered, baseline?: Offered): Row[] {
  const perSecond = (n: number) => n / run.seconds;
  const base = (value: (o: Offered) => number) => (baseline ? { baseline: { name: 'no shedding', value: value(baseline) } } : {});
  const t = run.tally;
  return [
    {
      figure: `${name}: answered 2xx/s`,
      value: perSecond(t.ok),
      unit: 'req/s',
      better: 'higher',
      ...base((o) => o.tally.ok / o.seconds),
    },
    { figure: `${name}: 429/s`, value: perSecond(t.tooMany), unit: 'req/s', better: 'higher' },
    { figure: `${name}: 503/s`, value: perSecond(t.unavailable), unit: 'req/s', better: 'lower' },
    {
      figure: `${name}: p99 of all answers`,
      value: run.latency.p99,
      unit: 'ms p99',
      better: 'lower',
      latency: run.latency,
      ...base((o) => o.latency.p99),
    },
    {
      figure: `${name}: p99 inside the ingest of the 202s (request → response)`,
      value: run.serverP99Ms.accepted,
      unit: 'ms p99',
      better: 'lower',
      ...base((o) => o.serverP99Ms.accepted),
    },
    ...(baseline
      ? [
          {
            figure: `${name}: p99 inside the ingest of the 429s`,
            value: run.serverP99Ms.shed,
            unit: 'ms p99',
            better: 'lower' as const,
          },
        ]
      : []),
    {
      figure: `${name}: load generator's own event-loop delay`,
      value: run.clientLagP99Ms,
      unit: 'ms p99',
      better: 'lower',
    },
    {
      figure: `${name}: time-outs`,
      value: t.timeouts,
      unit: `of ${run.sent}`,
      better: 'lower',
      target: '0',
      note:
        t.other > 0 || t.withoutRetryAfter > 0
          ? `${t.other} other statuses, ${t.withoutRetryAfter} 429/503 without Retry-After`
          : undefined,
    },
    {
      figure: `${name}: connection errors`,
      value: t.connectionErrors,
      unit: `of ${run.sent}`,
      better: 'lower',
      target: '0',
      note:
        Object.entries(t.errorCodes)
          .map(([code, n]) => `${code} ×${n}`)
          .join(', ') || undefined,
    },
  ];
}

export default defineScenario({
  summary: 'several times the capacity, open loop: ingest without vs with load shedding (2xx/429/503 per s, p99, time-outs)',
  defaults: { rate: 0, duration: 10 },
  inAll: false,
  options: {
    factor: { type: 'string', description: 'overload: offered rate = factor × measured capacity, unless --rate (default 4)' },
    timeout: { type: 'string', description: "overload: a sender's time-out per request in ms (default 10000)" },
    'max-in-flight': {
      type: 'string',
      description: 'overload: INGEST_MAX_IN_FLIGHT of the shedding ingest (default 256)',
    },
    'max-delay': {
      type: 'string',
      description: 'overload: INGEST_MAX_EVENT_LOOP_DELAY_MS of the shedding ingest (default 250)',
    },
    signing: { type: 'string', description: 'overload: gateway (Standard Webhooks) or calcom signatures (default gateway)' },
  },
  async run(ctx) {
    const factor = intOption(ctx.values, 'factor', 4);
    const timeoutMs = intOption(ctx.values, 'timeout', 10_000);
    const gateway = (ctx.values.signing ?? 'gateway') !== 'calcom';
    const partitions = intOption(ctx.values, 'partitions', 3);
    // the settings docs/GATEWAY.md recommends behind a retrying gateway
    const shedding = {
      INGEST_MAX_IN_FLIGHT: String(intOption(ctx.values, 'max-in-flight', 256)),
      INGEST_MAX_EVENT_LOOP_DELAY_MS: String(intOption(ctx.values, 'max-delay', 250)),
    };
    const kafka = benchKafka('bench-overload');
    const topics = benchTopics(uniqueName('bench-overload'));
    const env = { GATEWAY_WEBHOOK_SECRETS: GATEWAY_SECRET, LOG_LEVEL: 'error' };
    const noShedding = { ...env, INGEST_MAX_IN_FLIGHT: '1000000', INGEST_MAX_EVENT_LOOP_DELAY_MS: '0' };
    let rate = ctx.rate;
    const measure = async (label: string, serviceEnv: Record<string, string>) => {
      const ingest = await startIngest(topics, { partitions, profileDir: ctx.profileDir, env: serviceEnv });
      try {
        if (rate === 0) {
          const client = httpClient(ingest.url);
          let n = 0;
          const send = async () => {
            const w = signedWebhook(`${uniqueName('cap')}-${n++}`);
            return (await client.post('/webhooks/calcom', w.body, w.headers)) === 202;
          };
          const capacity = await closedLoop({ connections: 64, seconds: Math.min(5, ctx.seconds), send });
          client.close();
          rate = Math.round(capacity.throughput * factor);
          ctx.log(`capacity ${capacity.throughput.toFixed(0)} req/s (64 connections, closed loop); offering ${rate}/s`);
        }
        await offer(ingest.url, Math.max(1, Math.round(rate / 4)), 2, timeoutMs, gateway); // warm-up
        ctx.log(`${label}: ${rate}/s for ${ctx.seconds} s, time-out ${timeoutMs} ms`);
        // by outcome: the bench sends one source only, and each series must be read on its own
        const scrape = () => scrapeHistogram(ingest.url, 'webhook_request_duration_seconds', 'outcome');
        const before = await scrape();
        const offered = await offer(ingest.url, rate, ctx.seconds, timeoutMs, gateway);
        const served = diffHistogram(await scrape(), before);
        const p99 = (outcome: string) => {
          const h = served.get(outcome);
          return h && h.count > 0 ? quantile(h, 0.99) * 1000 : 0;
        };
        return { ...offered, serverP99Ms: { accepted: p99('accepted'), shed: p99('shed') } };
      } finally {
        await ingest.stop();
      }
    };
    try {
      const without = await measure('without shedding', noShedding);
      const withShedding = await measure('with shedding', { ...env, ...shedding });
      return [
        {
          figure: 'offered load (open loop)',
          value: rate,
          unit: 'req/s',
          better: 'higher',
          note: `${factor}× capacity unless --rate`,
        },
        ...rowsOf('no shedding', without),
        ...rowsOf('shedding', withShedding, without),
      ];
    } finally {
      await deleteTopics(kafka, Object.values(topics));
    }
  },
});
