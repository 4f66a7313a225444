// npm run bench -- replay [--bookings 100000 --partitions 3]
// Rebuild rate: `replay rebuild` (the booker's own code path) re-consuming a backlog of N
// bookings into an empty scratch database, next to a baseline measured in the same run: reading
// and Avro-decoding the same records to the end without writing anything (the floor any
// rebuild pays), and raw batched INSERT … ON DUPLICATE KEY UPDATE of the same rows through
// the same driver into the same table (the database floor). Then `verify` over the result.
import { parseArgs } from 'node:util';
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { type BookingStateV1, bookingStateV1 } from '@booking/shared/events';
import { createKafka, createRecordProducer, ensureTopics, pipelineTopics, readTopicsToEnd } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createOrm, dropDatabase, ensureDatabase, migrateUp } from '@booking/shared/orm';
import { createAvroCodec, createSchemaRegistry, decodeAvro } from '@booking/shared/registry';
import { STACK, uniqueName } from '@booking/shared/testing';
import { createPool } from 'mysql2/promise';
import { rebuild } from '../ops/replay/rebuild.ts';
import { runVerify } from '../ops/verify/run-verify.ts';

const { values } = parseArgs({
  options: { bookings: { type: 'string', default: '100000' }, partitions: { type: 'string', default: '3' } },
});
const BOOKINGS = Number(values.bookings);
const PARTITIONS = Number(values.partitions);
const logger = createLogger({ name: 'bench-replay', level: process.env.BENCH_LOG ?? 'error' });
const id = uniqueName('bench-replay');
const topics = { calcom: `${id}.calcom`, retell: `${id}.retell`, changes: `${id}.changes`, dlq: `${id}.dlq` };
const databaseUrl = `${STACK.mariadbUrl}/${id.replace(/-/g, '_')}`;
const kafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: 'bench-replay', logger });
const registry = createSchemaRegistry(STACK.schemaRegistryUrl);

function booking(i: number): BookingStateV1 {
  const start = Date.UTC(2026, 8, 1) + (i % 2000) * 3_600_000;
  return {
    eventId: `${id}-e${i}`,
    trigger: 'BOOKING_CREATED',
    version: 1_700_000_000_000 + i,
    receivedAt: Date.now(),
    bookingUid: `${id}-b${i}`,
    status: i % 10 === 0 ? 'CANCELLED' : 'ACCEPTED',
    calcomBookingId: i,
    eventTypeId: 1 + (i % 20),
    eventTypeSlug: 'consultation',
    teamId: 1 + (i % 5),
    title: `Consultation ${i}`,
    startTime: start,
    endTime: start + 1_800_000,
    organizer: { email: 'host@example.com', name: 'Host', timeZone: 'Europe/Berlin' },
    attendee: { name: `Client ${i}`, email: `client${i % 20_000}@example.com`, phone: null, timeZone: 'Europe/Berlin' },
    location: 'integrations:daily',
    rescheduledFromUid: null,
    rescheduleStartTime: null,
    rescheduleEndTime: null,
    cancellationReason: i % 10 === 0 ? 'changed plans' : null,
    retellCallId: null,
    rawPayload: '{}',
  };
}

async function produceBacklog(): Promise<void> {
  const specs = pipelineTopics(PARTITIONS, 1).map((s, i) => ({ ...s, topic: Object.values(topics)[i] as string }));
  await ensureTopics(kafka, specs, logger);
  const codec = await createAvroCodec<BookingStateV1>(registry, bookingStateV1.subject, bookingStateV1.schema);
  const producer = createRecordProducer(kafka);
  await producer.connect();
  for (let from = 0; from < BOOKINGS; from += 2000) {
    const chunk = Array.from({ length: Math.min(2000, BOOKINGS - from) }, (_, k) => booking(from + k));
    await producer.send(
      await Promise.all(chunk.map(async (b) => ({ topic: topics.calcom, key: b.bookingUid, value: await codec.encode(b) }))),
    );
  }
  await producer.disconnect();
}

const toSql = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

/** The same rows, written the fastest way the driver allows: 1 000-row upsert statements. */
async function rawUpserts(): Promise<number> {
  const pool = createPool({ uri: databaseUrl, connectionLimit: 1 });
  await pool.query('TRUNCATE appointments');
  const t0 = performance.now();
  for (let from = 0; from < BOOKINGS; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, BOOKINGS - from) }, (_, k) => booking(from + k));
    await pool.query(
      `INSERT INTO appointments (booking_uid, source, status, title, event_type_id, team_id, start_at, end_at, time_zone, location,
        cancellation_reason, calcom_booking_id, version, last_event_id, created_at, updated_at) VALUES ?
       ON DUPLICATE KEY UPDATE status = IF(VALUES(version) >= version, VALUES(status), status), version = GREATEST(version, VALUES(version))`,
      [
        rows.map((b) => [
          b.bookingUid,
          'calcom',
          b.status,
          b.title,
          b.eventTypeId,
          b.teamId,
          toSql(b.startTime),
          toSql(b.endTime),
          b.attendee?.timeZone,
          b.location,
          b.cancellationReason,
          b.calcomBookingId,
          b.version,
          b.eventId,
          toSql(Date.now()),
          toSql(Date.now()),
        ]),
      ],
    );
  }
  const elapsed = seconds(t0);
  await pool.end();
  return elapsed;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
await ensureDatabase(databaseUrl);
const orm = await createOrm({ databaseUrl });
try {
  await migrateUp(orm);
  await produceBacklog();
  console.log(`backlog: ${BOOKINGS} bookings on ${PARTITIONS} partitions of ${topics.calcom}`);

  let t0 = performance.now();
  let decoded = 0;
  await readTopicsToEnd(kafka, {
    topics: [topics.calcom, topics.retell],
    async onRecord(r) {
      await decodeAvro(registry, r.value);
      decoded++;
    },
  });
  const baseline = seconds(t0);

  t0 = performance.now();
  const config = loadConfig(bookerSchema, { KAFKA_TOPIC_PARTITIONS: String(PARTITIONS), LOG_LEVEL: 'error' });
  let firstCommit = 0;
  const plan = await rebuild(
    { kafka, registry, orm, logger, config, topics },
    {
      group: `${id}-rebuild`,
      onProgress: (done) => {
        if (done > 0n && firstCommit === 0) firstCommit = seconds(t0);
      },
    },
  );
  const rebuilt = seconds(t0);

  t0 = performance.now();
  const report = await runVerify({ kafka, registry, orm, topics });
  const verified = seconds(t0);

  const raw = await rawUpserts();

  const rate = (n: number | bigint, s: number) => Math.round(Number(n) / s);
  console.log(
    `baseline: read + Avro-decode ${decoded} records to the end: ${baseline.toFixed(1)} s, ${rate(decoded, baseline)} records/s`,
  );
  console.log(
    `replay rebuild (booker code path, empty table): ${rebuilt.toFixed(1)} s, ${rate(plan.records, rebuilt)} records/s; ` +
      `first batch committed after ${firstCommit.toFixed(1)} s (start-up, group join), then ${rate(plan.records, rebuilt - firstCommit)} records/s`,
  );
  console.log(
    `baseline: raw 1000-row INSERT … ON DUPLICATE KEY UPDATE of the same rows: ${raw.toFixed(1)} s, ${rate(BOOKINGS, raw)} rows/s`,
  );
  console.log(
    `ratio rebuild / read+decode: ${(rate(plan.records, rebuilt) / rate(decoded, baseline)).toFixed(2)}, rebuild / raw upserts: ${(rate(plan.records, rebuilt) / rate(BOOKINGS, raw)).toFixed(2)}`,
  );
  console.log(
    `verify: ${report.expected} expected, ${report.actual} rows, ${report.mismatches.length} mismatches in ${verified.toFixed(1)} s`,
  );
  if (report.mismatches.length > 0 || report.actual !== BOOKINGS) process.exitCode = 1;
} finally {
  await orm.close();
  await dropDatabase(databaseUrl);
}
