// invalidator: a backlog of change records drained by the real cache invalidator (own process)
// vs the Redis ceiling — raw pipelined UNLINK of the same keys in batches of the same size —
// then a steady open-loop rate of change records, each timed from its intended produce time
// to its message on cache:invalidations.
import { keysToInvalidate, Redis } from '@booking/shared/cache';
import { type AppointmentChangeV1, appointmentChangeV1 } from '@booking/shared/events';
import { createRecordProducer, type OutgoingRecord } from '@booking/shared/kafka';
import { createAvroCodec } from '@booking/shared/registry';
import { STACK, uniqueName } from '@booking/shared/testing';
import { registry } from '../lib/backlog.ts';
import { listenInvalidations } from '../lib/invalidations.ts';
import { benchKafka, benchTopics, createBenchTopics, DEFAULT_PARTITIONS, deleteTopics } from '../lib/kafka.ts';
import { latencyOf } from '../lib/load.ts';
import { summariseProfiles } from '../lib/profile.ts';
import { diffHistogram, scrapeHistogram, stageRows } from '../lib/prom.ts';
import { defineScenario, intOption } from '../lib/scenario.ts';
import { startInvalidator } from '../lib/services.ts';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 2, 1, 9);

/** A realistic mix: 50 event types, 30 days, 10 000 customers; every 4th change moves a slot. */
function change(uid: string, i: number, now: number): AppointmentChangeV1 {
  const startAt = BASE + (i % 30) * DAY;
  return {
    bookingUid: uid,
    appointmentId: i + 1,
    customerId: i % 10_000,
    source: 'calcom',
    status: 'ACCEPTED',
    title: 'Consultation',
    eventTypeId: 100 + (i % 50),
    teamId: 1,
    startAt,
    endAt: startAt + 1_800_000,
    timeZone: 'Europe/Berlin',
    location: null,
    rescheduledFromUid: null,
    rescheduledToUid: null,
    cancellationReason: null,
    calcomBookingId: i + 1,
    retellCallId: null,
    version: now,
    lastEventId: `e-${i}`,
    receivedAt: now,
    committedAt: now,
    previousStartAt: i % 4 === 0 ? startAt - DAY : startAt,
    previousEventTypeId: 100 + (i % 50),
    previousCustomerId: i % 10_000,
  };
}

async function seed(redis: Redis, keys: string[]) {
  for (let i = 0; i < keys.length; i += 10_000) {
    const p = redis.pipeline();
    for (const key of keys.slice(i, i + 10_000)) p.set(key, 'cached', 'EX', 3600);
    await p.exec();
  }
}

export default defineScenario({
  summary: 'change backlog drain and steady-rate latency, vs raw pipelined UNLINK of the same keys',
  defaults: { rate: 500, duration: 10 },
  options: { records: { type: 'string', description: 'invalidator: change records in the backlog', default: '100000' } },
  async run(ctx) {
    const n = intOption(ctx.values, 'records', 100_000);
    const partitions = intOption(ctx.values, 'partitions', DEFAULT_PARTITIONS);
    const id = uniqueName('bench-inv');
    const prefix = `${id}:`;
    const kafka = benchKafka('bench-invalidator');
    const topics = benchTopics(id);
    const redis = new Redis(STACK.redisUrl);
    const listener = await listenInvalidations(prefix);
    await createBenchTopics(kafka, topics, partitions);
    const codec = await createAvroCodec<AppointmentChangeV1>(registry, appointmentChangeV1.subject, appointmentChangeV1.schema);
    const producer = createRecordProducer(kafka);
    await producer.connect();
    const encode = async (c: AppointmentChangeV1): Promise<OutgoingRecord> => ({
      topic: topics.changes,
      key: c.bookingUid,
      value: await codec.encode(c),
    });
    let service: Awaited<ReturnType<typeof startInvalidator>> | undefined;
    try {
      const now = Date.now();
      const changes = Array.from({ length: n }, (_, i) => change(`b-${i}`, i, now));
      for (let i = 0; i < n; i += 5000) await producer.send(await Promise.all(changes.slice(i, i + 5000).map(encode)));
      const allKeys = [...new Set(changes.flatMap((c) => keysToInvalidate(c)))].map((k) => `${prefix}${k}`);
      await seed(redis, allKeys);
      ctx.log(`backlog of ${n} changes, ${allKeys.length} keys seeded`);

      let first = 0;
      let firstCount = 0;
      const t0 = performance.now();
      service = await startInvalidator(topics, {
        partitions,
        groupId: `${id}-g`,
        keyPrefix: prefix,
        profileDir: ctx.profileDir,
      });
      const counter = setInterval(() => {
        if (first === 0 && listener.seen.size > 0) {
          first = Math.min(...listener.seen.values());
          firstCount = listener.seen.size;
        }
      }, 5);
      await listener.waitFor(n, 600_000);
      clearInterval(counter);
      const last = Math.max(...listener.seen.values());
      const drain = ((n - firstCount) * 1000) / Math.max(1, last - first);
      const messages = listener.messages();
      ctx.log(`drained in ${((last - t0) / 1000).toFixed(1)} s including start-up`);

      // Redis ceiling: the same keys, in the service's mean batch size, raw pipelined UNLINK
      await seed(redis, allKeys);
      const meanBatch = Math.max(1, Math.round(n / Math.max(1, messages)));
      const t = performance.now();
      for (let i = 0; i < n; i += meanBatch) {
        const keys = [...new Set(changes.slice(i, i + meanBatch).flatMap((c) => keysToInvalidate(c)))];
        const p = redis.pipeline();
        for (const key of keys) p.unlink(`${prefix}${key}`);
        await p.exec();
      }
      const unlink = (n * 1000) / (performance.now() - t);

      // steady open-loop rate: intended produce time -> message on the channel
      const total = Math.round(ctx.rate * ctx.seconds);
      const intended = new Map<string, number>();
      const before = await scrapeHistogram(service.url, 'pipeline_stage_duration_seconds', 'stage');
      const interval = 1000 / ctx.rate;
      const start = performance.now() + 20;
      for (let i = 0; i < total; ) {
        const due: AppointmentChangeV1[] = [];
        while (i < total && start + i * interval <= performance.now()) {
          const uid = `s-${i}`;
          intended.set(uid, start + i * interval);
          due.push(change(uid, n + i, Date.now()));
          i++;
        }
        if (due.length > 0) await producer.send(await Promise.all(due.map(encode)));
        else await new Promise((r) => setTimeout(r, 1));
      }
      await listener.waitFor(n + total, 120_000);
      const latencies = [...intended].map(([uid, at]) => (listener.seen.get(uid) ?? Number.NaN) - at);
      const stages = diffHistogram(await scrapeHistogram(service.url, 'pipeline_stage_duration_seconds', 'stage'), before);
      return [
        {
          figure: 'raw pipelined UNLINK of the same keys',
          value: unlink,
          unit: 'changes/s',
          better: 'higher',
          note: `batches of ${meanBatch}`,
        },
        {
          figure: `invalidator backlog drain (${partitions} partitions)`,
          value: drain,
          unit: 'changes/s',
          better: 'higher',
          baseline: { name: 'raw UNLINK', value: unlink },
        },
        {
          figure: `invalidator at ${ctx.rate}/s: produced → message on the channel`,
          value: latencyOf(latencies).p99,
          unit: 'ms p99',
          better: 'lower',
          latency: latencyOf(latencies),
        },
        ...stageRows(stages),
      ];
    } finally {
      await service?.stop();
      await producer.disconnect();
      await listener.close();
      await redis.quit();
      await deleteTopics(kafka, Object.values(topics));
      if (ctx.profileDir) ctx.log(`profiles:\n${summariseProfiles(ctx.profileDir)}`);
    }
  },
});
