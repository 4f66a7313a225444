// npm run bench -- booker (runs this file) [--uids 100000] [--versions 3] [--batch 1000]
// Rows/s the real booker applies for a backlog of distinct UIDs with several versions each,
// next to a raw batched INSERT … ON DUPLICATE KEY UPDATE loop through the same driver
// (mysql2) on the same table, measured in the same run. The ratio is the figure that matters.
import { parseArgs } from 'node:util';
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { type BookingStateV1, bookingStateV1 } from '@booking/shared/events';
import { createKafka, createRecordProducer } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { createOrm, dropDatabase, ensureDatabase, migrateUp } from '@booking/shared/orm';
import { createAvroCodec, createSchemaRegistry } from '@booking/shared/registry';
import { deferred, STACK, uniqueName } from '@booking/shared/testing';
import { createPool } from 'mysql2/promise';
import { buildApp } from '../src/app.ts';
import type { BatchResult } from '../src/process-batch.ts';

const { values: args } = parseArgs({
  options: {
    uids: { type: 'string', default: '100000' },
    versions: { type: 'string', default: '3' },
    batch: { type: 'string', default: '1000' },
  },
});
const UIDS = Number(args.uids);
const VERSIONS = Number(args.versions);
const BATCH = Number(args.batch);
const RECORDS = UIDS * VERSIONS;
const logger = createLogger({ name: 'bench', level: 'warn' });
const dbName = uniqueName('bench_booker').replace(/-/g, '_');
const databaseUrl = `${STACK.mariadbUrl}/${dbName}`;
const id = uniqueName('bench');
const topics = { calcom: `${id}.calcom`, retell: `${id}.retell`, changes: `${id}.changes`, dlq: `${id}.dlq` };

function record(i: number, v: number): BookingStateV1 {
  const start = Date.UTC(2026, 8, 1) + (i % 1000) * 3_600_000;
  return {
    eventId: `${id}-${i}-${v}`,
    trigger: v === VERSIONS ? 'BOOKING_CANCELLED' : 'BOOKING_CREATED',
    version: 1_000 + v,
    receivedAt: Date.now(),
    bookingUid: `${id}-uid-${i}`,
    status: v === VERSIONS ? 'CANCELLED' : 'ACCEPTED',
    calcomBookingId: i,
    eventTypeId: 1 + (i % 20),
    eventTypeSlug: 'intro',
    teamId: 1 + (i % 5),
    title: `Intro call ${i}`,
    startTime: start,
    endTime: start + 1_800_000,
    organizer: { email: 'host@example.com', name: 'Host', timeZone: 'Europe/Berlin' },
    attendee: { name: `Customer ${i % 5000}`, email: `customer${i % 5000}@example.com`, phone: null, timeZone: 'Europe/Paris' },
    location: 'Zoom',
    rescheduledFromUid: null,
    rescheduleStartTime: null,
    rescheduleEndTime: null,
    cancellationReason: v === VERSIONS ? 'bench' : null,
    retellCallId: null,
    rawPayload: '{}',
  };
}

/** Partition order per UID is version order: v1 of every UID, then v2, … */
function* allRecords() {
  for (let v = 1; v <= VERSIONS; v++) for (let i = 0; i < UIDS; i++) yield record(i, v);
}

const toSql = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

async function rawBaseline(): Promise<number> {
  const pool = createPool({ uri: databaseUrl, connectionLimit: 1, timezone: 'Z' });
  await pool.query('TRUNCATE appointments');
  const cols = [
    'booking_uid',
    'source',
    'status',
    'title',
    'event_type_id',
    'team_id',
    'start_at',
    'end_at',
    'time_zone',
    'location',
    'cancellation_reason',
    'calcom_booking_id',
    'last_event_id',
    'version',
    'created_at',
    'updated_at',
  ];
  const guarded = cols.filter((c) => !['booking_uid', 'version', 'created_at'].includes(c));
  const tail = ` ON DUPLICATE KEY UPDATE ${guarded.map((c) => `${c} = IF(VALUES(version) >= version, VALUES(${c}), ${c})`).join(', ')}, version = GREATEST(version, VALUES(version))`;
  const started = performance.now();
  let rows: unknown[][] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    const ph = `(${cols.map(() => '?').join(',')})`;
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query(`INSERT INTO appointments (${cols.join(',')}) VALUES ${rows.map(() => ph).join(',')}${tail}`, rows.flat());
      await conn.commit();
    } finally {
      conn.release();
    }
    rows = [];
  };
  for (const r of allRecords()) {
    const now = toSql(Date.now());
    rows.push([
      r.bookingUid,
      'calcom',
      r.status,
      r.title,
      r.eventTypeId,
      r.teamId,
      toSql(r.startTime),
      toSql(r.endTime),
      'Europe/Paris',
      r.location,
      r.cancellationReason,
      r.calcomBookingId,
      r.eventId,
      r.version,
      now,
      now,
    ]);
    if (rows.length >= BATCH) await flush();
  }
  await flush();
  const seconds = (performance.now() - started) / 1000;
  const [[count]] = (await pool.query('SELECT COUNT(*) AS n FROM appointments')) as unknown as [[{ n: number }]];
  await pool.end();
  if (Number(count?.n) !== UIDS) throw new Error(`baseline wrote ${count?.n} rows, expected ${UIDS}`);
  return seconds;
}

async function bookerRun(): Promise<{ seconds: number; batches: number }> {
  const kafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: 'bench-booker', logger });
  const registry = createSchemaRegistry(STACK.schemaRegistryUrl);
  const orm = await createOrm({ databaseUrl });
  await orm.em.getConnection().execute('TRUNCATE appointments');
  const config = { ...loadConfig(bookerSchema, { KAFKA_TOPIC_PARTITIONS: '3' }), BOOKER_PORT: 0 };
  const codec = await createAvroCodec<BookingStateV1>(registry, bookingStateV1.subject, bookingStateV1.schema);
  // create the topics (and the group's view of them) before producing the backlog
  const booker = (groupId: string, onBatch?: (b: BatchResult) => void) =>
    buildApp(config, {
      kafka,
      registry,
      orm,
      logger,
      metricsRegistry: createMetricsRegistry({ service: 'booker', version: 'bench' }),
      topics,
      groupId,
      onBatch,
    });
  const setup = booker(`${id}-setup`);
  await setup.start();
  await setup.stop();
  const producer = createRecordProducer(kafka);
  await producer.connect();
  let chunk: BookingStateV1[] = [];
  const send = async () => {
    await producer.send(
      await Promise.all(chunk.map(async (r) => ({ topic: topics.calcom, key: r.bookingUid, value: await codec.encode(r) }))),
    );
    chunk = [];
  };
  for (const r of allRecords()) {
    chunk.push(r);
    if (chunk.length >= 2000) await send();
  }
  if (chunk.length) await send();
  await producer.disconnect();
  console.log(`backlog produced: ${RECORDS} records on ${topics.calcom}`);

  let seen = 0;
  let batches = 0;
  const done = deferred<void>();
  const app = booker(`${id}-booker`, (b) => {
    batches++;
    seen += b.outcomes.length;
    if (seen >= RECORDS) done.resolve();
  });
  const started = performance.now();
  await app.start();
  await done.promise;
  const seconds = (performance.now() - started) / 1000;
  await app.stop();
  const [row] = await orm.em
    .getConnection()
    .execute<{ n: number }[]>("SELECT COUNT(*) AS n FROM appointments WHERE status = 'CANCELLED'", [], 'all');
  await orm.close();
  if (Number(row?.n) !== UIDS) throw new Error(`booker left ${row?.n} cancelled rows, expected ${UIDS}`);
  return { seconds, batches };
}

await ensureDatabase(databaseUrl);
try {
  const orm = await createOrm({ databaseUrl });
  await migrateUp(orm);
  await orm.close();
  console.log(`booker bench: ${UIDS} UIDs × ${VERSIONS} versions = ${RECORDS} records`);
  const booker = await bookerRun();
  const raw = await rawBaseline();
  const bookerRows = UIDS / booker.seconds;
  const rawRows = UIDS / raw;
  console.log(
    `booker (Kafka -> decode -> MariaDB tx -> changes produced -> commit): ${booker.seconds.toFixed(1)} s, ${Math.round(bookerRows)} rows/s, ${Math.round(RECORDS / booker.seconds)} records/s, ${booker.batches} batches`,
  );
  console.log(
    `raw mysql2 INSERT … ON DUPLICATE KEY UPDATE, ${BATCH} rows per statement: ${raw.toFixed(1)} s, ${Math.round(rawRows)} rows/s, ${Math.round(RECORDS / raw)} records/s`,
  );
  console.log(`ratio booker / raw: ${(bookerRows / rawRows).toFixed(2)}`);
} finally {
  await dropDatabase(databaseUrl);
}
