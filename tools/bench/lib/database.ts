// Scratch databases of the scenarios: migrated, optionally pre-filled to a production-like size
// with one INSERT … SELECT from MariaDB's sequence engine (seconds per million rows, no Kafka),
// and the database ceiling: a raw batched INSERT … ON DUPLICATE KEY UPDATE loop on the table.

import type { BookingStateV1 } from '@booking/shared/events';
import { createOrm, dropDatabase, ensureDatabase, migrateUp } from '@booking/shared/orm';
import { STACK, uniqueName } from '@booking/shared/testing';
import { createPool, type Pool } from 'mysql2/promise';

export interface ScratchDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/**
 * An empty database, migrated by this checkout unless `migrate: false`: the npm-start scenario
 * leaves that to the `npm start` it runs, because an older checkout (`--start-root`) refuses a
 * schema migrated ahead of its code, as it should (the drift guard).
 */
export async function scratchDatabase(prefix: string, { migrate = true } = {}): Promise<ScratchDatabase> {
  const url = `${STACK.mariadbUrl}/${uniqueName(prefix).replace(/-/g, '_')}`;
  await ensureDatabase(url);
  if (migrate) {
    const orm = await createOrm({ databaseUrl: url });
    await migrateUp(orm);
    await orm.close();
  }
  const pool = createPool({ uri: url, connectionLimit: 2, timezone: 'Z' });
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      await dropDatabase(url);
    },
  };
}

/** `rows` appointments and as many ledger rows, in chunks of 100 000 (one statement each). */
export async function fillTables(pool: Pool, rows: number): Promise<void> {
  const chunk = 100_000;
  for (let from = 0; from < rows; from += chunk) {
    const to = Math.min(rows, from + chunk);
    const seq = `(SELECT seq FROM mysql.seq_${from + 1}_to_${to}) s`;
    await pool.query(
      `INSERT INTO appointments (booking_uid, source, status, title, event_type_id, team_id, start_at, end_at, time_zone,
         location, calcom_booking_id, version, last_event_id, created_at, updated_at)
       SELECT CONCAT('fill-', seq), 'calcom', IF(seq % 10 = 0, 'CANCELLED', 'ACCEPTED'), CONCAT('Consultation ', seq),
         1 + seq % 50, 1 + seq % 5, TIMESTAMPADD(MINUTE, 30 * (seq % 20000), '2026-01-01'),
         TIMESTAMPADD(MINUTE, 30 * (seq % 20000) + 30, '2026-01-01'), 'Europe/Berlin', 'integrations:daily', seq,
         1000, CONCAT('fill-e', seq), NOW(3), NOW(3) FROM ${seq}`,
    );
    await pool.query(
      `INSERT INTO processed_events (event_id, booking_uid, outcome, topic, \`partition\`, \`offset\`, processed_at)
       SELECT CONCAT('fill-e', seq), CONCAT('fill-', seq), 'applied', 'bookings.calcom', seq % 3, seq, NOW(3) FROM ${seq}`,
    );
  }
}

export interface UpsertRow {
  uid: string;
  eventId: string;
  version: number;
  status: string;
  title: string;
  eventTypeId: number;
  teamId: number;
  startAt: number;
  endAt: number;
  cancellationReason: string | null;
}

/** The rows the raw upsert loop writes for these booking states. */
export function* upsertRows(states: Iterable<BookingStateV1>): Generator<UpsertRow> {
  for (const s of states) {
    yield {
      uid: s.bookingUid,
      eventId: s.eventId,
      version: s.version,
      status: s.status,
      title: s.title ?? '',
      eventTypeId: s.eventTypeId ?? 0,
      teamId: s.teamId ?? 0,
      startAt: s.startTime,
      endAt: s.endTime,
      cancellationReason: s.cancellationReason,
    };
  }
}

const COLUMNS = ['booking_uid', 'source', 'status', 'title', 'event_type_id', 'team_id', 'start_at', 'end_at', 'time_zone'];
const MORE = ['location', 'cancellation_reason', 'calcom_booking_id', 'last_event_id', 'version', 'created_at', 'updated_at'];
const ALL = [...COLUMNS, ...MORE];
const GUARDED = ALL.filter((c) => !['booking_uid', 'version', 'created_at'].includes(c));
const TAIL = ` ON DUPLICATE KEY UPDATE ${GUARDED.map((c) => `${c} = IF(VALUES(version) >= version, VALUES(${c}), ${c})`).join(', ')}, version = GREATEST(version, VALUES(version))`;

/**
 * The database ceiling: the same rows through the same driver into the same table, `batch` rows
 * per version-guarded upsert statement, one transaction each. Returns rows/s.
 */
export async function rawUpserts(pool: Pool, rows: Iterable<UpsertRow>, batch: number): Promise<number> {
  const toSql = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
  const placeholder = `(${ALL.map(() => '?').join(',')})`;
  let pending: unknown[][] = [];
  let n = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query(
        `INSERT INTO appointments (${ALL.join(',')}) VALUES ${pending.map(() => placeholder).join(',')}${TAIL}`,
        pending.flat(),
      );
      await conn.commit();
    } finally {
      conn.release();
    }
    pending = [];
  };
  const started = performance.now();
  for (const r of rows) {
    const now = toSql(Date.now());
    pending.push([
      r.uid,
      'calcom',
      r.status,
      r.title,
      r.eventTypeId,
      r.teamId,
      toSql(r.startAt),
      toSql(r.endAt),
      'Europe/Berlin',
      'integrations:daily',
      r.cancellationReason,
      1,
      r.eventId,
      r.version,
      now,
      now,
    ]);
    n++;
    if (pending.length >= batch) await flush();
  }
  await flush();
  return (n * 1000) / (performance.now() - started);
}

export async function countRows(pool: Pool, sql: string): Promise<number> {
  const [rows] = (await pool.query(sql)) as unknown as [{ n: number }[]];
  return Number(rows[0]?.n ?? 0);
}
