// Public API of the booker package (@booking/booker): the app for tools that run the booker
// itself (replay), and the record contract for tools that must reach the rows it would write
// (verify) or check what it would refuse (the ingest/booker property test). Nothing outside
// this package imports its src/ files directly.

export { type AppointmentStore, createAppointmentStore } from './adapters/appointment-store.ts';
export { assertUsable, decodeRecord, type SourceTopics } from './adapters/decode-record.ts';
export { type BookerApp, type BookerDeps, buildApp } from './app.ts';
export { applyToDatabase, type BatchResult, type BookerTopics } from './handle-batches.ts';
export type { StoredCustomer } from './handlers/customer-changes.ts';
export {
  calcomCustomer,
  customerKey,
  mergeRetell,
  rescheduledOldState,
  retellCustomer,
  stateFromCalcom,
} from './handlers/merge-rules.ts';
export { type BatchPlan, planBatch } from './handlers/plan-batch.ts';
export type { AppointmentState, CustomerInput, Outcome, PlannedRow, SourceRecord } from './handlers/types.ts';
export { type BookerExtras, runBooker } from './run.ts';
