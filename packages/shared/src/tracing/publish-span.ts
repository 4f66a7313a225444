// The producer side (DESIGN.md "Tracing"): a `publish <topic>` span per record, whose context
// goes into the record's headers, so the consumer's `process` span becomes its child.
import { type Context, context, type Span, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import type { OutgoingRecord } from '../kafka/types.ts';
import { recordAttributes } from './attributes.ts';
import { withTraceHeaders } from './header-carrier.ts';
import { isTracing } from './start-tracing.ts';

export interface PublishSpan {
  /** the record to send: with `traceparent` in its headers while tracing runs, else the same object */
  record: OutgoingRecord;
  /** ended by the caller once the record is acknowledged (or durable) */
  span: Span | undefined;
}

export function startPublishSpan(tracer: Tracer, record: OutgoingRecord, parent: Context = context.active()): PublishSpan {
  if (!isTracing()) return { record, span: undefined };
  const span = tracer.startSpan(
    `publish ${record.topic}`,
    { kind: SpanKind.PRODUCER, attributes: recordAttributes('send', record) },
    parent,
  );
  const headers = withTraceHeaders(record.headers ?? {}, trace.setSpan(parent, span));
  return { record: { ...record, headers }, span };
}
