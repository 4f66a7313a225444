// npm run bench -- ingest [--rate R --seconds S --connections C --warmup S]
// The benchmark lives with the service (services/ingest/bench) so that it is type checked with
// it; the scripts project does not reference the service packages, so the import is by computed
// path.
const runner = new URL('../../services/ingest/bench/ingest-bench.ts', import.meta.url).href;
await import(runner);
