import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonSchema, loadConfig } from '@booking/shared/config';
import type { OutgoingRecord } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { startTracing, type Tracing } from '@booking/shared/tracing';
import { context, trace } from '@opentelemetry/api';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDurableWriter } from './durable-writer.ts';
import { openSpool } from './spool.ts';
import { createSpoolDrainer } from './spool-drainer.ts';

const logger = createLogger({ level: 'silent', name: 'writer-tracing-test' });
const dir = mkdtempSync(join(tmpdir(), 'writer-tracing-test-'));
let tracing: Tracing | undefined;

beforeAll(async () => {
  // nothing listens there: spans are made, their export fails quietly after the test
  const config = loadConfig(commonSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
  tracing = await startTracing(config, { serviceName: 'test', version: 'test', logger });
});
afterAll(async () => {
  await tracing?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('durable writer while tracing runs', () => {
  it('when Kafka is down, then the spooled record keeps the traceparent of its publish span, under the request span, until it is produced', async () => {
    const kafka = { up: false, produced: [] as OutgoingRecord[] };
    const producer = {
      connect: async () => {},
      disconnect: async () => {},
      send: async (records: OutgoingRecord[]) => {
        if (!kafka.up) throw new Error('broker down');
        kafka.produced.push(...records);
      },
    };
    const spool = await openSpool({ dir, maxBytes: 1_000_000, logger });
    const writer = createDurableWriter({
      batcher: { send: (r) => producer.send([r]), idle: async () => {}, busy: () => false, settled: async () => {} },
      spool,
      logger,
      metrics: { spooledRecords: new Counter({ name: 's', help: 's', registers: [new Registry()] }) },
      createDrainer: (onDrained) =>
        createSpoolDrainer({ spool, producer, logger, batchRecords: 2, onDrained, initialBackoffMs: 1, maxBackoffMs: 5 }),
    });
    const request = trace.getTracer('test').startSpan('request');
    const input: OutgoingRecord = { topic: 't', key: 'k', value: Buffer.from('v'), headers: { 'event-id': 'e1' } };

    const answer = await context.with(trace.setSpan(context.active(), request), () => writer.write(input));
    kafka.up = true;
    await writer.drained();
    await writer.stop();

    const [produced] = kafka.produced;
    const [, traceId, spanId] = produced?.headers?.traceparent?.split('-') ?? [];
    expect(answer).toEqual({ spooled: true });
    expect(produced?.headers?.['event-id']).toBe('e1');
    expect(traceId).toBe(request.spanContext().traceId);
    expect(spanId).not.toBe(request.spanContext().spanId);
    expect(input.headers).toEqual({ 'event-id': 'e1' });
  });
});
