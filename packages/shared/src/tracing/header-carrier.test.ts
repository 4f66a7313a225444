import { context, propagation, ROOT_CONTEXT, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFromHeaders, withTraceHeaders } from './header-carrier.ts';

const caller: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
};
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const withCaller = trace.setSpanContext(ROOT_CONTEXT, caller);

describe('trace context in record headers', () => {
  describe('while tracing runs (W3C propagator)', () => {
    beforeAll(() => {
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    });
    afterAll(() => propagation.disable());

    it('when a span is active, then a copy of the headers gets its traceparent and the original stays as it was', () => {
      const headers = { 'event-id': 'e1', source: 'calcom' };

      const out = withTraceHeaders(headers, withCaller);

      expect(out).toEqual({ 'event-id': 'e1', source: 'calcom', traceparent: TRACEPARENT });
      expect(headers).toEqual({ 'event-id': 'e1', source: 'calcom' });
    });

    it('when the context has a tracestate, then it travels next to the traceparent', () => {
      const state = propagation.extract(ROOT_CONTEXT, { traceparent: TRACEPARENT, tracestate: 'gw=abc' });

      const out = withTraceHeaders({}, state);

      expect(out).toEqual({ traceparent: TRACEPARENT, tracestate: 'gw=abc' });
    });

    it('when record headers carry a traceparent, then the extracted context continues that trace as a remote parent', () => {
      const extracted = trace.getSpanContext(contextFromHeaders({ traceparent: TRACEPARENT, 'event-id': 'e1' }));

      expect(extracted).toEqual({ ...caller, isRemote: true });
    });

    it('when HTTP headers repeat traceparent (an array), then the first one is used', () => {
      const extracted = trace.getSpanContext(contextFromHeaders({ traceparent: [TRACEPARENT, 'garbage'] }));

      expect(extracted?.traceId).toBe(caller.traceId);
    });

    it('when the traceparent is missing or malformed, then there is no parent and a new trace starts', () => {
      for (const headers of [{}, { traceparent: 'garbage' }, { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }]) {
        expect(trace.getSpanContext(contextFromHeaders(headers))).toBeUndefined();
      }
    });

    it('when a record is injected and then extracted, then the same span context comes back (spool, DLQ, change records)', () => {
      const headers = withTraceHeaders({ source: 'retell' }, withCaller);

      const back = trace.getSpanContext(contextFromHeaders(JSON.parse(JSON.stringify(headers))));

      expect(back?.traceId).toBe(caller.traceId);
      expect(back?.spanId).toBe(caller.spanId);
    });
  });

  describe('while tracing is off (no propagator)', () => {
    it('when no span is active, then the very same headers object comes back untouched', () => {
      const headers = { source: 'calcom' };

      expect(withTraceHeaders(headers, context.active())).toBe(headers);
      expect(headers).toEqual({ source: 'calcom' });
    });

    it('when a record carries a traceparent, then nothing is extracted', () => {
      expect(trace.getSpanContext(contextFromHeaders({ traceparent: TRACEPARENT }))).toBeUndefined();
    });
  });
});
