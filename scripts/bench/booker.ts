// npm run bench -- booker [--uids 100000 --versions 3 --batch 1000]
// The benchmark lives with the service (services/booker/bench) so that it is type checked
// against buildApp; the scripts project does not reference the service packages, so the import
// is by computed path.
const runner = new URL('../../services/booker/bench/booker-bench.ts', import.meta.url).href;
await import(runner);
