// Spans of the consumer services (DESIGN.md "Tracing"). A group of batches is handled at once
// (one DB transaction, one Redis pipeline), so: one `process <topic>` span per consumed record,
// child of the context in its headers, which keeps each webhook's trace whole across services;
// and one span for the group's shared work (the transaction, the removal), child of the first
// record's span and linked to every record's, so that it is reachable from each of them.
import {
  type Context,
  context,
  SpanKind as Kind,
  type Link,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { ConsumedRecord } from '../kafka/types.ts';
import { ATTR, recordAttributes } from './attributes.ts';
import { contextFromHeaders } from './header-carrier.ts';
import { isTracing } from './start-tracing.ts';

export interface RecordSpan {
  record: ConsumedRecord;
  span: Span;
  /** the record's span as the active one: the parent of what is done for this record */
  context: Context;
}

/** A `process <topic>` span per record, child of its headers' context; none while tracing is off. */
export function startRecordSpans(tracer: Tracer, records: readonly ConsumedRecord[]): RecordSpan[] {
  if (!isTracing()) return [];
  return records.map((record) => {
    const parent = contextFromHeaders(record.headers);
    const span = tracer.startSpan(
      `process ${record.topic}`,
      { kind: Kind.CONSUMER, attributes: recordAttributes('process', record) },
      parent,
    );
    return { record, span, context: trace.setSpan(parent, span) };
  });
}

/**
 * Runs `work` inside a span for the group's shared work: child of the first record's span,
 * linked to all of them. Ends it (with the error, if any) when `work` settles.
 */
export async function inGroupSpan<T>(
  tracer: Tracer,
  name: string,
  options: { kind: SpanKind; records: readonly RecordSpan[]; attributes?: Record<string, string | number> },
  work: () => Promise<T>,
): Promise<T> {
  const first = options.records[0];
  if (!first) return work();
  const links: Link[] = options.records.map(({ span }) => ({ context: span.spanContext() }));
  const attributes = { ...options.attributes, [ATTR.batchCount]: options.records.length };
  const span = tracer.startSpan(name, { kind: options.kind, links, attributes }, first.context);
  try {
    return await context.with(trace.setSpan(first.context, span), work);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error (its class and message; never record contents). */
export function failSpan(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  if (error instanceof Error) span.recordException({ name: error.name, message: error.message });
}

/** Ends every record span, failed with `error` when the group failed (it will be retried). */
export function endRecordSpans(spans: readonly RecordSpan[], error?: unknown): void {
  for (const { span } of spans) {
    if (error !== undefined) failSpan(span, error);
    span.end();
  }
}
