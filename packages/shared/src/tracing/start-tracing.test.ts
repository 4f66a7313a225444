import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { commonSchema } from '../config/schema.ts';
import { createLogger } from '../logger/index.ts';
import { isTracing, startTracing, type Tracing } from './start-tracing.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'test', level: 'info', destination }) };
}

// The SDK is loaded on demand by the first startTracing; loading (and transforming) it is slow
// on a busy machine, so it happens here once and not inside a test's time limit.
beforeAll(async () => {
  await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/exporter-trace-otlp-proto'),
  ]);
}, 120_000);

let started: Tracing | undefined;
afterEach(async () => {
  await started?.shutdown();
  started = undefined;
});

describe('startTracing', () => {
  it('when no endpoint is set or OTEL_SDK_DISABLED is true, then tracing stays off and spans are no-ops', async () => {
    const { logger } = capture();
    const unset = loadConfig(commonSchema, {});
    const disabled = loadConfig(commonSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SDK_DISABLED: 'true' });

    const results = [
      await startTracing(unset, { serviceName: 's', version: '1', logger }),
      await startTracing(disabled, { serviceName: 's', version: '1', logger }),
    ];

    expect(results.map((r) => r.enabled)).toEqual([false, false]);
    expect(isTracing()).toBe(false);
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false);
  });

  it('when an endpoint is set, then spans record and a line logged inside one carries its trace_id and span_id', async () => {
    const { lines, logger } = capture();
    const config = loadConfig(commonSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    started = await startTracing(config, { serviceName: 's', version: '1', logger });
    const span = trace.getTracer('t').startSpan('work');

    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    logger.info('outside');

    const { traceId, spanId } = span.spanContext();
    expect(span.isRecording()).toBe(true);
    expect(lines.find((l) => l.msg === 'inside')).toMatchObject({ trace_id: traceId, span_id: spanId });
    expect(lines.find((l) => l.msg === 'outside')).not.toHaveProperty('trace_id');
  });

  it('when the collector is unreachable, then shutdown still resolves and says in the log that spans were lost', async () => {
    const { lines, logger } = capture();
    const config = loadConfig(commonSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    const tracing = await startTracing(config, { serviceName: 's', version: '1', logger });
    trace.getTracer('t').startSpan('lost').end();

    await tracing.shutdown();

    expect(isTracing()).toBe(false);
    expect(lines.map((l) => l.msg)).toContain('tracing: the last spans were not exported');
  });
});
