// pipeline: signed webhooks at an open-loop --rate through the real ingest, booker and cache
// invalidator (each in its own process; throw-away topics, scratch database, prefixed keys).
// End to end is timed by the client: from each request's intended send time to the message
// naming its booking on cache:invalidations. Per stage, from the services' own histograms. The
// HTTP ceiling (bare node:http + HMAC at the same rate) is measured in the same run.
import { uniqueName } from '@booking/shared/testing';
import { stackProcesses } from '../lib/cpu.ts';
import { scratchDatabase } from '../lib/database.ts';
import { listenInvalidations } from '../lib/invalidations.ts';
import { benchKafka, benchTopics, createBenchTopics, DEFAULT_PARTITIONS, deleteTopics } from '../lib/kafka.ts';
import { type Arrivals, httpClient, openLoop } from '../lib/load.ts';
import { measurePipeline } from '../lib/pipeline-run.ts';
import type { Service } from '../lib/processes.ts';
import { summariseProfiles } from '../lib/profile.ts';
import { defineScenario, intOption } from '../lib/scenario.ts';
import { startBareServer, startBooker, startIngest, startInvalidator } from '../lib/services.ts';
import { signedWebhook } from '../lib/webhooks.ts';

export async function bareLatency(rate: number, seconds: number, arrivals: Arrivals) {
  const bare = await startBareServer();
  const client = httpClient(bare.url);
  try {
    const send = async (i: number) => {
      const w = signedWebhook(`bare-${i}`);
      return (await client.post('/webhooks/calcom', w.body, w.headers)) === 202;
    };
    await openLoop({ rate, seconds: 2, send, arrivals });
    return (await openLoop({ rate, seconds, send, arrivals })).latency;
  } finally {
    client.close();
    await bare.stop();
  }
}

export default defineScenario({
  summary: 'webhook → message on cache:invalidations through all three services, per stage',
  defaults: { rate: 500, duration: 10 },
  options: {
    'control-rate': {
      type: 'string',
      description: 'pipeline, npm-start: also load a bare HTTP+HMAC server at N/s during the window (stall control)',
    },
  },
  async run(ctx) {
    const partitions = intOption(ctx.values, 'partitions', DEFAULT_PARTITIONS);
    ctx.log('HTTP ceiling at the same rate');
    const bare = await bareLatency(ctx.rate, Math.min(ctx.seconds, 10), ctx.arrivals);
    const id = uniqueName('bench-pipe');
    const prefix = `${id}:`;
    const kafka = benchKafka('bench-pipeline');
    const topics = benchTopics(id);
    const db = await scratchDatabase('bench_pipeline');
    const listener = await listenInvalidations(prefix);
    const services: Service[] = [];
    try {
      await createBenchTopics(kafka, topics, partitions);
      const options = { partitions, profileDir: ctx.profileDir };
      services.push(await startBooker(topics, { ...options, databaseUrl: db.url, groupId: `${id}-booker` }));
      services.push(await startInvalidator(topics, { ...options, keyPrefix: prefix, groupId: `${id}-inv` }));
      const ingest = await startIngest(topics, options);
      services.push(ingest);
      const [booker, invalidator] = services as [Service, Service, Service];
      const pids = { ingest: ingest.child.pid, booker: booker.child.pid, invalidator: invalidator.child.pid };
      return await measurePipeline(
        ctx,
        {
          ingestUrl: ingest.url,
          bookerUrl: booker.url,
          serviceUrls: services.map((s) => s.url),
          processes: { ...(pids as Record<string, number>), ...stackProcesses() },
          services: Object.keys(pids),
          listener,
          uid: (phase, i) => `${id}-${phase}${i}`,
        },
        bare,
      );
    } finally {
      for (const s of services.reverse()) await s.stop();
      await listener.close();
      await deleteTopics(kafka, Object.values(topics));
      await db.drop();
      if (ctx.profileDir) ctx.log(`profiles:\n${summariseProfiles(ctx.profileDir)}`);
    }
  },
});
