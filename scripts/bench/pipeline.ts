// npm run bench -- pipeline [--rate 500 --seconds 10]
// Lives in test/e2e (it builds all three services); the scripts project cannot reference the
// ingest, which references scripts for its scratch Kafka, so the import is by computed path.
const runner = new URL('../../test/e2e/pipeline-bench.ts', import.meta.url).href;
await import(runner);
