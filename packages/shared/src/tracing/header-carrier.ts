// W3C trace context in Kafka record headers and HTTP request headers (DESIGN.md "Tracing"):
// `traceparent` and `tracestate`, written and read through the global propagator, which is the
// W3C one while tracing runs and a no-op otherwise. Kafka headers reach us as strings
// (toConsumedRecord), HTTP ones as strings or arrays of them.
import {
  type Context,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';

export type HeaderCarrier = Record<string, string | string[] | undefined>;

export const headerGetter: TextMapGetter<HeaderCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

export const headerSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/**
 * The headers with the trace context of `ctx` added (a copy), or the same object when `ctx`
 * holds no span: with tracing off nothing is copied or written.
 */
export function withTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  const spanContext = trace.getSpanContext(ctx);
  if (!spanContext || !isSpanContextValid(spanContext)) return headers;
  const copy = { ...headers };
  propagation.inject(ctx, copy, headerSetter);
  return copy;
}

/** The context a record or request continues: its `traceparent`, or none (a new trace). */
export function contextFromHeaders(headers: HeaderCarrier, parent: Context = ROOT_CONTEXT): Context {
  return propagation.extract(parent, headers, headerGetter);
}
