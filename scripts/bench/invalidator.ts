// npm run bench -- invalidator [--records N --rate R --seconds S --partitions P --pipeline-seconds S]
// The benchmark lives with the service (services/cache-invalidator/bench) so that it is type
// checked against buildApp; the scripts project does not reference the service packages, so the
// import is by computed path.
const runner = new URL('../../services/cache-invalidator/bench/invalidator-bench.ts', import.meta.url).href;
await import(runner);
