// The invalidator's test kit for tests outside the package (@booking/cache-invalidator/testing):
// the invalidator started in-process with its log and change fixtures.

export * from './helpers.ts';
