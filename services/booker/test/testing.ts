// The booker's test kit for tests and tools outside the package (@booking/booker/testing): record
// fixtures, the booker started in-process, source producers and readers, scratch databases.

export * from '../src/handlers/fixtures.test-helpers.ts';
export * from './harness.ts';
export * from './helpers.ts';
