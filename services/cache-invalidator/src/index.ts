// Public API of the cache-invalidator package (@booking/cache-invalidator): the app for tests and
// tools that build it in-process, and runInvalidator (main.ts's wiring) for the bench, which runs
// the real service with its own key prefix. Nothing outside this package imports its src/ files
// directly; `main.ts` is the process entry, started by path.

export { buildApp, type InvalidatorApp, type InvalidatorDeps, type InvalidatorTopics } from './app.ts';
export { type InvalidatorExtras, runInvalidator } from './run.ts';
