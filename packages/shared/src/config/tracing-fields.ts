// The OpenTelemetry variables the services honour (DESIGN.md "Tracing"): the standard names, so
// that a collector's usual deployment settings work as they are. Validated here like every other
// variable; the rest of the OTLP exporter's standard variables (OTEL_EXPORTER_OTLP_HEADERS,
// _TIMEOUT, _COMPRESSION, certificates) are read by the exporter itself.
import { z } from 'zod';
import { flag } from './env-types.ts';

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

const httpUrl = z
  .string()
  .url()
  .refine((v) => ['http:', 'https:'].includes(new URL(v).protocol), 'must be an http or https URL');

export const tracingFields = {
  // true turns tracing off whatever else is set; tracing is also off while no endpoint is set
  OTEL_SDK_DISABLED: flag,
  // the collector's base URL; traces go to <endpoint>/v1/traces
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  // the full traces URL, used as is; wins over OTEL_EXPORTER_OTLP_ENDPOINT
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  // grpc is not offered: OTLP/HTTP needs no native module and every collector accepts it
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(OTLP_PROTOCOLS, { message: `must be ${OTLP_PROTOCOLS.join(' or ')} (grpc is not supported)` })
    .default('http/protobuf'),
  // the service.name resource attribute; unset = the service's own name (ingest, booker, cache-invalidator)
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_TRACES_SAMPLER: z
    .enum(TRACES_SAMPLERS, { message: `must be one of ${TRACES_SAMPLERS.join(', ')}` })
    .default('parentbased_always_on'),
  // the ratio of the *traceidratio samplers, 0..1
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
};

export type TracingConfig = z.output<z.ZodObject<typeof tracingFields>>;
