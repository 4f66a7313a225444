// tracing: what OpenTelemetry costs the ingest (DESIGN.md "Tracing"). Two ingests on the same
// topics in the same run, measured one after the other with the same load: tracing off
// (OTEL_SDK_DISABLED=true — the same path as no endpoint: the SDK is never loaded) and on
// (every webhook sampled, spans exported as http/protobuf to an OTLP/HTTP sink in this process
// that answers 200 and counts what it got). Besides latency and saturation, which move with
// whatever else the machine runs, it reports the ingest's CPU time per webhook (its own
// process_cpu_seconds_total over webhooks_received_total), which contention hardly moves.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { counterSum } from '../lib/backlog.ts';
import { deleteTopics, scenarioKafka } from '../lib/kafka.ts';
import type { Arrivals } from '../lib/load.ts';
import type { Row } from '../lib/report.ts';
import { CONNECTIONS } from '../lib/saturation.ts';
import { defineScenario } from '../lib/scenario.ts';
import { startIngest } from '../lib/services.ts';
import { measure } from './ingest.ts';

async function startOtlpSink() {
  const received = { requests: 0, bytes: 0 };
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => {
      received.bytes += chunk.length;
    });
    request.on('end', () => {
      received.requests += 1;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** measure(), plus the ingest's CPU milliseconds per webhook over the whole of it (warm-up included). */
async function measureWithCpu(url: string, rate: number, seconds: number, arrivals: Arrivals) {
  const read = async () => ({
    cpu: await counterSum(url, 'process_cpu_seconds_total'),
    webhooks: await counterSum(url, 'webhooks_received_total'),
  });
  const before = await read();
  const result = await measure(url, rate, seconds, seconds, arrivals);
  const after = await read();
  return { ...result, cpuMsPerWebhook: ((after.cpu - before.cpu) * 1000) / Math.max(1, after.webhooks - before.webhooks) };
}

export default defineScenario({
  summary: 'ingest with tracing off vs on (every webhook sampled, exported to an OTLP/HTTP sink), same run',
  defaults: { rate: 500, duration: 10 },
  async run(ctx) {
    const { partitions, kafka, topics } = scenarioKafka(ctx.values, 'bench-tracing');
    const sink = await startOtlpSink();
    const off = await startIngest(topics, { partitions, profileDir: ctx.profileDir, env: { OTEL_SDK_DISABLED: 'true' } });
    const on = await startIngest(topics, {
      partitions,
      profileDir: ctx.profileDir,
      env: { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_TRACES_SAMPLER: 'always_on' },
    });
    try {
      ctx.log('ingest, tracing off');
      const a = await measureWithCpu(off.url, ctx.rate, ctx.seconds, ctx.arrivals);
      ctx.log('ingest, tracing on');
      const b = await measureWithCpu(on.url, ctx.rate, ctx.seconds, ctx.arrivals);
      const exported = `${sink.received.requests} OTLP requests, ${(sink.received.bytes / 1e6).toFixed(1)} MB exported so far`;
      const rows: Row[] = [
        { figure: 'ingest CPU per webhook, tracing off', value: a.cpuMsPerWebhook, unit: 'ms', better: 'lower' },
        {
          figure: 'ingest CPU per webhook, tracing on',
          value: b.cpuMsPerWebhook,
          unit: 'ms',
          better: 'lower',
          baseline: { name: 'tracing off', value: a.cpuMsPerWebhook },
        },
        {
          figure: `ingest latency at ${ctx.rate}/s, tracing off`,
          value: a.atRate.latency.p99,
          unit: 'ms p99',
          better: 'lower',
          latency: a.atRate.latency,
        },
        {
          figure: `ingest latency at ${ctx.rate}/s, tracing on`,
          value: b.atRate.latency.p99,
          unit: 'ms p99',
          better: 'lower',
          latency: b.atRate.latency,
          baseline: { name: 'tracing off', value: a.atRate.latency.p99 },
        },
        {
          figure: `ingest saturation (${CONNECTIONS} connections), tracing off`,
          value: a.saturated.throughput,
          unit: 'req/s',
          better: 'higher',
          latency: a.saturated.latency,
        },
        {
          figure: `ingest saturation (${CONNECTIONS} connections), tracing on`,
          value: b.saturated.throughput,
          unit: 'req/s',
          better: 'higher',
          latency: b.saturated.latency,
          baseline: { name: 'tracing off', value: a.saturated.throughput },
          note: exported,
        },
      ];
      return rows;
    } finally {
      await Promise.all([off.stop(), on.stop()]);
      await sink.close();
      await deleteTopics(kafka, Object.values(topics));
    }
  },
});
