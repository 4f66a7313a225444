// Proof of DESIGN.md "Tracing": the three services (in-process, on the local stack) export to an
// OTLP/HTTP receiver, and each webhook sent with a caller's traceparent becomes one trace, child
// of the caller's span, through the ingest (request, publish), the booker (process, transaction,
// publish of the change) and the invalidator (process, key removal). In one process the three
// share a tracer provider; the instrumentation scope tells which service made a span.
import { randomBytes } from 'node:crypto';
import { calcomBooking } from '@booking/ingest/testing';
import { commonSchema, loadConfig } from '@booking/shared/config';
import { createLogger } from '@booking/shared/logger';
import { startTracing, type Tracing } from '@booking/shared/tracing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.ts';
import { type Pipeline, startPipeline } from './pipeline-in-process.ts';

let receiver: OtlpReceiver | undefined;
let tracing: Tracing | undefined;
let pipeline: Pipeline | undefined;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const config = loadConfig(commonSchema, {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  });
  tracing = await startTracing(config, {
    serviceName: 'pipeline-test',
    version: 'test',
    logger: createLogger({ level: 'error', name: 'tracing-test' }),
  });
  pipeline = await startPipeline();
}, 120_000);

afterAll(async () => {
  await pipeline?.stop();
  await tracing?.shutdown();
  await receiver?.close();
});

const run = Date.now().toString(36);
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const caller = () => ({ traceId: hex(16), spanId: hex(8) });

// the spans every webhook's trace must hold: [scope, name prefix]
const EXPECTED: [string, string][] = [
  ['ingest', 'POST /webhooks/calcom'],
  ['ingest', 'publish '],
  ['booker', 'process '],
  ['booker', 'publish '],
  ['cache-invalidator', 'process '],
];
const complete = (trace: ReceivedSpan[]) =>
  EXPECTED.every(([scope, name]) => trace.some((s) => s.scope === scope && s.name.startsWith(name)));

describe('tracing across the pipeline', () => {
  it('when webhooks carry a caller traceparent, then each is one trace under the caller span across the three services', async () => {
    const callers = [caller(), caller()];
    const statuses = await Promise.all(
      callers.map((c, i) =>
        pipeline?.postCalcom(calcomBooking(`trace-${run}-${i}`), undefined, {
          traceparent: `00-${c.traceId}-${c.spanId}-01`,
          'idempotency-key': `delivery-${run}-${i}`,
        }),
      ),
    );
    await pipeline?.waitUntilIdle();
    await tracing?.flush();
    const spans = receiver?.spans as NonNullable<OtlpReceiver>['spans'];
    const traceOf = (c: { traceId: string }) => spans.items.filter((s) => s.traceId === c.traceId);
    await spans.waitFor(() => callers.every((c) => complete(traceOf(c))), 20_000);

    expect(statuses).toEqual([202, 202]);
    for (const [i, c] of callers.entries()) {
      const trace = traceOf(c);
      const ids = new Set(trace.map((s) => s.spanId));
      const server = trace.find((s) => s.name === 'POST /webhooks/calcom');
      expect(server?.parentSpanId).toBe(c.spanId);
      expect(server?.attributes).toMatchObject({
        'http.response.status_code': 202,
        'booking.delivery_id': `delivery-${run}-${i}`,
      });
      const eventId = server?.attributes['booking.event_id'];
      // one tree: every other span's parent is in this trace
      expect(trace.filter((s) => s !== server && !ids.has(s.parentSpanId))).toEqual([]);
      const bookerProcess = trace.find((s) => s.scope === 'booker' && s.name.startsWith('process '));
      expect(bookerProcess?.attributes).toMatchObject({
        'booking.event_id': eventId,
        'booking.delivery_id': `delivery-${run}-${i}`,
        'booking.outcome': 'applied',
      });
      // the group's shared spans are linked from each record's span (in this trace or another)
      for (const [scope, name] of [
        ['booker', 'transaction'],
        ['cache-invalidator', 'remove keys'],
      ]) {
        const record = trace.find((s) => s.scope === scope && s.name.startsWith('process '));
        const group = spans.items.find((s) => s.name === name && s.links.some((l) => l.spanId === record?.spanId));
        expect(group?.scope).toBe(scope);
      }
    }
    // no span of either webhook started a trace of its own
    const eventIds = new Set(spans.items.filter((s) => s.name.startsWith('POST')).map((s) => s.attributes['booking.event_id']));
    const stray = spans.items.filter(
      (s) => eventIds.has(s.attributes['booking.event_id']) && !callers.some((c) => c.traceId === s.traceId),
    );
    expect(stray).toEqual([]);
  }, 90_000);
});
