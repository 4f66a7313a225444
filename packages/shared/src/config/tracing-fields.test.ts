import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';
import { commonSchema } from './schema.ts';

describe('OTEL_* variables', () => {
  it('when none is set, then tracing has no endpoint and samples parent-based, always on', () => {
    const config = loadConfig(commonSchema, {});

    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.OTEL_SDK_DISABLED).toBe(false);
    expect(config.OTEL_EXPORTER_OTLP_PROTOCOL).toBe('http/protobuf');
    expect(config.OTEL_TRACES_SAMPLER).toBe('parentbased_always_on');
  });

  it('when the protocol is grpc, the sampler unknown or the endpoint not http, then the error names each variable', () => {
    const env = {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_TRACES_SAMPLER: 'jaeger_remote',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317',
      OTEL_TRACES_SAMPLER_ARG: '2',
    };

    expect(() => loadConfig(commonSchema, env)).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: invalid configuration:
        OTEL_EXPORTER_OTLP_ENDPOINT: must be an http or https URL
        OTEL_EXPORTER_OTLP_PROTOCOL: must be http/protobuf or http/json (grpc is not supported)
        OTEL_TRACES_SAMPLER: must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio
        OTEL_TRACES_SAMPLER_ARG: Too big: expected number to be <=1]
    `);
  });
});
