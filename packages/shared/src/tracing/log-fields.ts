// `trace_id` and `span_id` of the active span in every log line written inside traced work
// (pino's mixin, see logger/index.ts), so that a log line leads to its trace and back.
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { isTracing } from './start-tracing.ts';

// pino merges the line's fields into what this returns, so it is a fresh object every time
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  if (!isTracing()) return {};
  const spanContext = trace.getSpanContext(context.active());
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
