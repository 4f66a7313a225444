// The ingest's test kit for tests and tools outside the package (@booking/ingest/testing): the
// in-process ingest on unique topics and the signed webhook fixtures.

export * from './fixtures/webhooks.ts';
export * from './helpers.ts';
