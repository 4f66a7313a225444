// The ingest's tracer: its spans carry the instrumentation scope `ingest` (a no-op until
// startTracing registers the SDK; DESIGN.md "Tracing").
import { trace } from '@opentelemetry/api';

export const tracer = trace.getTracer('ingest');
