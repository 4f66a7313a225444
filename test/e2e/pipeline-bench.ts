// npm run bench -- pipeline [--rate 500 --seconds 10]: the latency a booking sees end to end —
// signed Cal.com webhooks at a steady rate through the real ingest, booker and invalidator
// (in this process, unique topics, a scratch database): the ingest's receivedAt -> keys removed.
import { parseArgs } from 'node:util';
import { measurePipelineLatency } from './pipeline-latency.ts';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '500' }, seconds: { type: 'string', default: '10' } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const result = await measurePipelineLatency({ rate, seconds });
console.log(
  `whole pipeline, ${rate} signed Cal.com webhooks/s for ${seconds} s (${result.count} bookings, ${result.rejected} not 202):`,
);
console.log('  ingest receivedAt -> booker commit -> bookings.changes -> keys removed:');
console.log(`  p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms`);
process.exit(0);
