// The default OTLP encoding (OTEL_EXPORTER_OTLP_PROTOCOL unset = http/protobuf) reaches an
// OTLP/HTTP receiver at <endpoint>/v1/traces; tracing.int.test.ts decodes the http/json one.
import { commonSchema, loadConfig } from '@booking/shared/config';
import { createLogger } from '@booking/shared/logger';
import { startTracing, type Tracing } from '@booking/shared/tracing';
import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver.ts';

let receiver: OtlpReceiver | undefined;
let tracing: Tracing | undefined;

afterAll(async () => {
  await tracing?.shutdown();
  await receiver?.close();
});

describe('OTLP export, default protocol', () => {
  it('when only OTEL_EXPORTER_OTLP_ENDPOINT is set, then ended spans reach the receiver as protobuf', async () => {
    receiver = await startOtlpReceiver();
    const config = loadConfig(commonSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    tracing = await startTracing(config, {
      serviceName: 'protobuf-test',
      version: 'test',
      logger: createLogger({ level: 'error', name: 't' }),
    });

    trace.getTracer('test').startSpan('one').end();
    await tracing.flush();

    expect(config.OTEL_EXPORTER_OTLP_PROTOCOL).toBe('http/protobuf');
    expect(receiver.protobufRequests).toBe(1);
    expect(receiver.spans.items).toEqual([]);
  });
});
