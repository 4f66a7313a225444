// Public API: OpenTelemetry tracing of the pipeline (DESIGN.md "Tracing"). startTracing(config)
// once per process (off unless an OTLP endpoint is set); the W3C context in Kafka and HTTP
// headers (withTraceHeaders, contextFromHeaders); the consumer services' record and group spans;
// the span attributes; traceLogFields, the logger's mixin.
export { ATTR, recordAttributes } from './attributes.ts';
export { contextFromHeaders, type HeaderCarrier, headerGetter, headerSetter, withTraceHeaders } from './header-carrier.ts';
export { traceLogFields } from './log-fields.ts';
export { type PublishSpan, startPublishSpan } from './publish-span.ts';
export { endRecordSpans, failSpan, inGroupSpan, type RecordSpan, startRecordSpans } from './record-spans.ts';
export { createSampler, tracesUrl } from './sampler.ts';
export { isTracing, type StartTracingOptions, startTracing, type Tracing } from './start-tracing.ts';
