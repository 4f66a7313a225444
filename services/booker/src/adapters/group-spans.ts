// The booker's spans for one group of batches (DESIGN.md "Tracing"): a `process` span per
// consumed record (child of its headers' context), the group's `transaction` span linked to all
// of them, and a `publish` span per change record, child of the span of the record that changed
// that booking, whose context the change record carries on to the invalidator. With tracing off
// every method passes its argument through.
import type { ConsumedRecord, DecodedBatch, OutgoingRecord } from '@booking/shared/kafka';
import {
  ATTR,
  endRecordSpans,
  failSpan,
  inGroupSpan,
  isTracing,
  type RecordSpan,
  startPublishSpan,
  startRecordSpans,
} from '@booking/shared/tracing';
import { type Span, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('booker');

export interface GroupSpans {
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** The change record with its publish span's context in the headers. */
  publish(record: OutgoingRecord): OutgoingRecord;
  /** Ends every span: with the outcome per event id, or failed with the group's error. */
  end(result: { outcomes: { eventId: string; outcome: string }[] } | { error: unknown }): void;
}

const UNTRACED: GroupSpans = {
  transaction: (work) => work(),
  publish: (record) => record,
  end: () => {},
};

export function startGroupSpans(batches: readonly DecodedBatch<unknown>[]): GroupSpans {
  if (!isTracing()) return UNTRACED;
  const records: ConsumedRecord[] = batches.flatMap((b) => b.records);
  const spans = startRecordSpans(tracer, records);
  // a booking's change follows the last record keyed by it (the key is the booking UID); a
  // booking only rescheduled from follows the group's first record
  const byKey = new Map<string, RecordSpan>();
  for (const span of spans) if (span.record.key !== null) byKey.set(span.record.key, span);
  const published: Span[] = [];
  return {
    transaction: (work) =>
      inGroupSpan(
        tracer,
        'transaction',
        { kind: SpanKind.CLIENT, records: spans, attributes: { [ATTR.dbSystem]: 'mariadb' } },
        work,
      ),
    publish(record) {
      const owner = byKey.get(record.key) ?? spans[0];
      const { record: traced, span } = startPublishSpan(tracer, record, owner?.context);
      if (span) published.push(span);
      return traced;
    },
    end(result) {
      if ('error' in result) {
        for (const span of published) failSpan(span, result.error);
        for (const span of published) span.end();
        endRecordSpans(spans, result.error);
        return;
      }
      for (const span of published) span.end();
      const outcomes = new Map(result.outcomes.map((o) => [o.eventId, o.outcome]));
      for (const { record, span } of spans) {
        const outcome = outcomes.get(record.headers['event-id'] ?? '');
        if (outcome) span.setAttribute(ATTR.outcome, outcome);
      }
      endRecordSpans(spans);
    },
  };
}
