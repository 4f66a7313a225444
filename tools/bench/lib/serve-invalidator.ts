// Bench entry point of the cache invalidator: the production wiring plus the one thing it has no
// variable for, a Redis key prefix (BENCH_KEY_PREFIX), so that a run never touches real keys or
// publishes on the real cache:invalidations channel.
import { runInvalidator } from '@booking/cache-invalidator';

await runInvalidator(() => ({ keyPrefix: process.env.BENCH_KEY_PREFIX, host: '127.0.0.1' }));
