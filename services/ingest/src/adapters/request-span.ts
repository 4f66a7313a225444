// The server span of a webhook request (DESIGN.md "Tracing"): it continues the caller's W3C
// `traceparent` (a gateway's) or starts a trace, and it is the parent of the record's publish span.
import { ATTR, contextFromHeaders, isTracing } from '@booking/shared/tracing';
import { type Context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import { tracer } from './tracer.ts';

export function startRequestSpan(request: FastifyRequest): { span?: Span; context?: Context } {
  if (!isTracing()) return {};
  const parent = contextFromHeaders(request.headers);
  const route = request.routeOptions.url ?? request.url;
  const span = tracer.startSpan(
    `${request.method} ${route}`,
    { kind: SpanKind.SERVER, attributes: { [ATTR.httpMethod]: request.method, [ATTR.httpRoute]: route } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

export function endRequestSpan(
  span: Span,
  answer: { status: number; outcome: string; eventId?: string; deliveryId?: string },
): void {
  span.setAttribute(ATTR.httpStatus, answer.status);
  span.setAttribute(ATTR.outcome, answer.outcome);
  if (answer.eventId) span.setAttribute(ATTR.eventId, answer.eventId);
  if (answer.deliveryId) span.setAttribute(ATTR.deliveryId, answer.deliveryId);
  // a 4xx is the caller's mistake, not a failure of this span (OpenTelemetry HTTP conventions)
  if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
