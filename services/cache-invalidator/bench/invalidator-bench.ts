// Benchmark of the cache invalidator (run with `npm run bench -- invalidator`).
//
// 1. Backlog: N AppointmentChangeV1 records (default 100 000) are produced to a fresh topic and
//    their keys seeded in Redis; then the real service (buildApp: Kafka consumer, Avro decode,
//    keysToInvalidate, one UNLINK pipeline per batch, PUBLISH, DLQ producer, offset commit)
//    starts on a fresh group and drains it. Reported: changes/s and keys/s.
// 2. Baseline, same run, same keys: the keys are seeded again and removed by raw pipelined
//    UNLINK with ioredis in chunks of the service's mean batch size — no Kafka, no Avro, no
//    commits: the Redis floor of the same work.
// 3. Steady load: changes produced at a fixed rate (default 500/s for 10 s) with receivedAt set
//    when produced; reported p50/p99/max of receivedAt -> keys removed for this stage.
//
// The whole pipeline (webhook -> keys removed) is `npm run bench -- pipeline`.
//
// Options: --records N  --rate R  --seconds S  --partitions P
import { parseArgs } from 'node:util';
import { createRedisClient, keysToInvalidate, Redis } from '@booking/shared/cache';
import { type AppointmentChangeV1, appointmentChangeV1 } from '@booking/shared/events';
import {
  createKafka,
  createRecordProducer,
  ensureTopics,
  type OutgoingRecord,
  pipelineTopics,
  TOPICS,
} from '@booking/shared/kafka';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createAvroCodec, createSchemaRegistry } from '@booking/shared/registry';
import { deferred, STACK, uniqueName } from '@booking/shared/testing';
import pino from 'pino';
import type { BatchOutcome } from '../src/adapters/handle-changes-batch.ts';
import { buildApp } from '../src/app.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    partitions: { type: 'string', default: '3' },
  },
});
const N = Number(values.records);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const PARTITIONS = Number(values.partitions);

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 2, 1, 9);
const logger = pino({ level: 'error' });
const kafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: 'bench-invalidator', logger });
const schemaRegistry = createSchemaRegistry(STACK.schemaRegistryUrl);
const redis = new Redis(STACK.redisUrl);
const prefix = `${uniqueName('bench-inv')}:`;
const topics = { changes: uniqueName('bench-changes'), dlq: uniqueName('bench-dlq') };

/** A realistic mix: 50 event types, 30 days, 10 000 customers; every 4th change moves a slot. */
function change(i: number, now: number): AppointmentChangeV1 {
  const startAt = BASE + (i % 30) * DAY;
  const moved = i % 4 === 0;
  return {
    bookingUid: `${prefix}b-${i}`,
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
    previousStartAt: moved ? startAt - DAY : startAt,
    previousEventTypeId: 100 + (i % 50),
    previousCustomerId: i % 10_000,
  };
}

async function seed(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 10_000) {
    const pipeline = redis.pipeline();
    for (const key of keys.slice(i, i + 10_000)) pipeline.set(`${prefix}${key}`, 'cached', 'EX', 3600);
    await pipeline.exec();
  }
}

function startService(onBatch: (o: BatchOutcome) => void, groupId: string) {
  return buildApp(
    {
      INVALIDATOR_PORT: 0,
      INVALIDATOR_GROUP_ID: groupId,
      SCHEMA_REGISTRY_URL: STACK.schemaRegistryUrl,
      KAFKA_TOPIC_PARTITIONS: PARTITIONS,
      KAFKA_REPLICATION_FACTOR: 1,
    },
    {
      kafka,
      redis: createRedisClient(STACK.redisUrl),
      schemaRegistry,
      dlqProducer: createRecordProducer(kafka),
      logger,
      metrics: createMetricsRegistry({ service: 'cache_invalidator', version: 'bench' }),
      topics,
      keyPrefix: prefix,
      host: '127.0.0.1',
      onBatch,
    },
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// --- setup: topic, schema, backlog, keys ----------------------------------------------------
const specs = pipelineTopics(PARTITIONS, 1)
  .filter((spec) => spec.topic === TOPICS.changes || spec.topic === TOPICS.dlq)
  .map((spec) => ({ ...spec, topic: spec.topic === TOPICS.changes ? topics.changes : topics.dlq }));
await ensureTopics(kafka, specs, logger);
const codec = await createAvroCodec<AppointmentChangeV1>(schemaRegistry, `${topics.changes}-value`, appointmentChangeV1.schema);
const producer = createRecordProducer(kafka);
await producer.connect();
const now = Date.now();
const changes = Array.from({ length: N }, (_, i) => change(i, now));
let t = performance.now();
for (let i = 0; i < N; i += 5000) {
  const records: OutgoingRecord[] = await Promise.all(
    changes.slice(i, i + 5000).map(async (c) => ({ topic: topics.changes, key: c.bookingUid, value: await codec.encode(c) })),
  );
  await producer.send(records);
}
console.log(`backlog: ${fmt(N)} change records produced in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const allKeys = [...new Set(changes.flatMap((c) => keysToInvalidate(c)))];
await seed(allKeys);
console.log(`seeded ${fmt(allKeys.length)} cache keys`);

// --- 1. the service drains the backlog -------------------------------------------------------
let handled = 0;
let removed = 0;
let firstBatchAt = 0;
let firstBatchRecords = 0;
const batchSizes: number[] = [];
const drained = deferred<void>();
const groupId = uniqueName('bench-g');
const app = startService((o) => {
  if (handled === 0) {
    firstBatchAt = performance.now();
    firstBatchRecords = o.records;
  }
  handled += o.records;
  removed += o.removed;
  batchSizes.push(o.records);
  if (handled >= N) drained.resolve();
}, groupId);
t = performance.now();
await app.start();
await drained.promise;
const drainedAt = performance.now();
const serviceSeconds = (drainedAt - t) / 1000;
const drainRate = (N - firstBatchRecords) / ((drainedAt - firstBatchAt) / 1000);
await app.stop();
const serviceRate = N / serviceSeconds;
const meanBatch = Math.max(1, Math.round(N / batchSizes.length));

// --- 2. baseline: raw pipelined UNLINK of the same keys --------------------------------------
await seed(allKeys);
const chunks: string[][] = [];
for (let i = 0; i < N; i += meanBatch) {
  chunks.push([...new Set(changes.slice(i, i + meanBatch).flatMap((c) => keysToInvalidate(c)))].map((k) => `${prefix}${k}`));
}
t = performance.now();
let baselineRemoved = 0;
for (const keys of chunks) {
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.unlink(key);
  for (const [, n] of (await pipeline.exec()) ?? []) baselineRemoved += Number(n);
}
const baselineSeconds = (performance.now() - t) / 1000;
const baselineRate = N / baselineSeconds;

console.log(`\nbacklog of ${fmt(N)} changes, ${PARTITIONS} partitions, mean batch ${fmt(meanBatch)} changes`);
console.log(
  `  service  (Kafka -> Avro -> keys -> UNLINK pipeline -> PUBLISH -> commit): ${fmt(serviceRate)} changes/s, ${fmt(removed / serviceSeconds)} keys removed/s (${serviceSeconds.toFixed(2)} s, incl. group join)`,
);
console.log(
  `  baseline (raw pipelined UNLINK of the same keys, ioredis, no Kafka):        ${fmt(baselineRate)} changes/s, ${fmt(baselineRemoved / baselineSeconds)} keys removed/s (${baselineSeconds.toFixed(2)} s)`,
);
console.log(`  service after its first batch (excl. start-up and group join):       ${fmt(drainRate)} changes/s`);
console.log(
  `  ratio service / baseline: ${(serviceRate / baselineRate).toFixed(3)} (after the first batch: ${(drainRate / baselineRate).toFixed(3)})`,
);

// --- 3. steady load: latency receivedAt -> keys removed -------------------------------------
if (RATE > 0 && SECONDS > 0) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = RATE * SECONDS;
  const done = deferred<void>();
  const warmedUp = deferred<void>();
  const warmUp = change(N + total, Date.now());
  const steady = startService((o) => {
    const at = Date.now();
    if (o.keys.includes(`appointment:${warmUp.bookingUid}`)) warmedUp.resolve();
    for (const key of o.keys) {
      const sent = key.startsWith('appointment:') ? sentAt.get(key.slice('appointment:'.length)) : undefined;
      if (sent !== undefined) latencies.push(at - sent);
    }
    if (latencies.length >= total) done.resolve();
  }, groupId); // the backlog's group: it resumes at the end of the backlog
  await steady.start();
  // the group join completes after start() resolves: wait for one record before timing
  await producer.send([{ topic: topics.changes, key: warmUp.bookingUid, value: await codec.encode(warmUp) }]);
  await warmedUp.promise;
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
  const start = performance.now();
  for (let i = 0, tick = 0; i < total; tick++) {
    const batch: AppointmentChangeV1[] = [];
    for (let k = 0; k < perTick && i < total; k++, i++) batch.push(change(N + i, Date.now()));
    for (const c of batch) sentAt.set(c.bookingUid, c.receivedAt);
    await producer.send(
      await Promise.all(batch.map(async (c) => ({ topic: topics.changes, key: c.bookingUid, value: await codec.encode(c) }))),
    );
    const wait = start + (tick + 1) * tickMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await done.promise;
  await steady.stop();
  latencies.sort((a, b) => a - b);
  console.log(
    `\nsteady ${fmt(RATE)} changes/s for ${SECONDS} s (${fmt(total)} changes), receivedAt (= produced) -> keys removed:`,
  );
  console.log(`  p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`);
  console.log('  (invalidator stage only; npm run bench -- pipeline measures webhook -> keys removed)');
}

// --- cleanup ---------------------------------------------------------------------------------
await producer.disconnect();
for (let i = 0; i < allKeys.length; i += 10_000) await redis.unlink(...allKeys.slice(i, i + 10_000).map((k) => `${prefix}${k}`));
const admin = kafka.admin();
await admin.connect();
await admin.deleteTopics({ topics: [topics.changes, topics.dlq] }).catch(() => undefined);
await admin.disconnect();
await redis.quit();
