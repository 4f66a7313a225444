import * as sdk from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { TRACES_SAMPLERS } from '../config/tracing-fields.ts';
import { createSampler, tracesUrl } from './sampler.ts';

describe('tracesUrl', () => {
  it('when only OTEL_EXPORTER_OTLP_ENDPOINT is set, then traces go to its /v1/traces', () => {
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp/' })).toBe(
      'http://collector:4318/otlp/v1/traces',
    );
  });

  it('when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, then it is used as is', () => {
    const url = tracesUrl({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/ingest',
    });

    expect(url).toBe('https://traces.example/ingest');
  });

  it('when no endpoint is set, then there is nowhere to send (tracing stays off)', () => {
    expect(tracesUrl({})).toBeUndefined();
  });
});

describe('createSampler', () => {
  it('when each OTEL_TRACES_SAMPLER name is given, then the sampler the specification names is built', () => {
    const built = TRACES_SAMPLERS.map((name) =>
      createSampler(sdk, { OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: 0.25 }).toString(),
    );

    expect(built).toEqual([
      'AlwaysOnSampler',
      'AlwaysOffSampler',
      'TraceIdRatioBased{0.25}',
      'ParentBased{root=AlwaysOnSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
      'ParentBased{root=AlwaysOffSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
      'ParentBased{root=TraceIdRatioBased{0.25}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
    ]);
  });
});
