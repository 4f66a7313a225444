// The SQL of the shadow rebuild (DESIGN.md "Rebuild without downtime"): a fresh copy of the
// appointments table filled with plain multi-row INSERTs (empty table, no locking reads, no
// version guard: the rows are the final fold), then swapped in with one atomic RENAME TABLE.

import type { AppointmentState } from '@booking/booker';
import {
  APPOINTMENT_UID_COLUMN,
  APPOINTMENT_WRITE_COLUMNS,
  appointmentRowParams,
  type MikroORM,
  NO_PREVIOUS,
  toSqlTime,
} from '@booking/shared/orm';
import { sqlLiteral } from './sql-literal.ts';

export const LIVE_TABLE = 'appointments';
export const SHADOW_TABLE = 'appointments_rebuild';
/** The table the swap replaced; dropped after the catch-up unless kept on purpose. */
export const REPLACED_TABLE = 'appointments_replaced';

// 1 000 rows (about 0.4 MB of SQL) stay far below max_allowed_packet (16 MiB by default)
const ROWS_PER_INSERT = 1_000;
const INSERTS_IN_FLIGHT = 2;
// one commit (one log flush) per 10 000 rows instead of one per statement
const INSERTS_PER_TRANSACTION = 10;

type Connection = ReturnType<MikroORM['em']['getConnection']>;
type Orm = Pick<MikroORM, 'em'>;
type Platform = ReturnType<Orm['em']['getPlatform']>;

const INSERT_HEAD = `INSERT INTO ${SHADOW_TABLE} (${APPOINTMENT_WRITE_COLUMNS.join(', ')}) VALUES `;
// the rows as literals in the statement's text (sql-literal.ts says why not as parameters)
const rowValues = (platform: Platform, state: AppointmentState, timestamp: string) =>
  `(${appointmentRowParams(state, NO_PREVIOUS, timestamp)
    .map((v) => sqlLiteral(platform, v as string | number | null))
    .join(',')})`;
// a row the rebuild writes a second time (the delta before the swap) takes every column again
const OVERWRITE_TAIL = ` ON DUPLICATE KEY UPDATE ${APPOINTMENT_WRITE_COLUMNS.filter(
  (c) => c !== APPOINTMENT_UID_COLUMN && c !== 'created_at',
)
  .map((c) => `${c} = VALUES(${c})`)
  .join(', ')}`;

/** The live table's secondary (non-unique) indexes as `name (col, …)`, from SHOW INDEX. */
async function secondaryIndexes(conn: Connection): Promise<string[]> {
  const rows = (await conn.execute(`SHOW INDEX FROM ${LIVE_TABLE}`, [], 'all')) as Record<string, unknown>[];
  const byName = new Map<string, string[]>();
  for (const r of rows) {
    if (Number(r.Non_unique) !== 1) continue;
    const name = String(r.Key_name);
    const columns = byName.get(name) ?? [];
    columns[Number(r.Seq_in_index) - 1] = `\`${String(r.Column_name)}\`${r.Sub_part ? `(${Number(r.Sub_part)})` : ''}`;
    byName.set(name, columns);
  }
  return [...byName].map(([name, columns]) => `\`${name}\` (${columns.join(', ')})`);
}

/**
 * Drops a shadow table a failed run left behind and creates an empty one like the live table,
 * without its secondary indexes: built once after the load (a sorted build) they cost less
 * than maintained row by row. Resolves to the function that adds them back.
 */
export async function createShadowTable(conn: Connection): Promise<() => Promise<void>> {
  await conn.execute(`DROP TABLE IF EXISTS ${SHADOW_TABLE}`, [], 'run');
  await conn.execute(`CREATE TABLE ${SHADOW_TABLE} LIKE ${LIVE_TABLE}`, [], 'run');
  const indexes = await secondaryIndexes(conn);
  if (indexes.length === 0) return async () => {};
  const names = indexes.map((i) => i.slice(0, i.indexOf(' ')));
  await conn.execute(`ALTER TABLE ${SHADOW_TABLE} ${names.map((n) => `DROP INDEX ${n}`).join(', ')}`, [], 'run');
  return async () => {
    await conn.execute(`ALTER TABLE ${SHADOW_TABLE} ${indexes.map((i) => `ADD INDEX ${i}`).join(', ')}`, [], 'run');
  };
}

/**
 * Writes folded rows into the shadow table, ROWS_PER_INSERT per statement, INSERTS_IN_FLIGHT
 * statements at a time. `overwrite` for rows that may be there already (the delta).
 */
export async function writeShadowRows(
  orm: Orm,
  unsorted: readonly AppointmentState[],
  options: { overwrite?: boolean; onRows?(n: number): void } = {},
): Promise<void> {
  const ts = toSqlTime(Date.now()) as string;
  const tail = options.overwrite ? OVERWRITE_TAIL : '';
  const platform = orm.em.getPlatform();
  // in key order: the unique index on booking_uid grows at its end instead of at random pages
  const rows = [...unsorted].sort((a, b) => (a.bookingUid < b.bookingUid ? -1 : a.bookingUid > b.bookingUid ? 1 : 0));
  const perTransaction = ROWS_PER_INSERT * INSERTS_PER_TRANSACTION;
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const slice = rows.slice(next, next + perTransaction);
      next += slice.length;
      await orm.em.fork().transactional(async (em) => {
        const conn = em.getConnection();
        for (let i = 0; i < slice.length; i += ROWS_PER_INSERT) {
          const values = slice.slice(i, i + ROWS_PER_INSERT).map((state) => rowValues(platform, state, ts));
          await conn.execute(`${INSERT_HEAD}${values.join(',')}${tail}`, [], 'run', em.getTransactionContext());
        }
      });
      options.onRows?.(slice.length);
    }
  };
  await Promise.all(Array.from({ length: INSERTS_IN_FLIGHT }, worker));
}

/**
 * The swap: one RENAME TABLE of both tables, atomic for every other session. It waits for the
 * transactions that hold the live table (a booker's, milliseconds) and queues the statements
 * after it; WAIT bounds that wait so that a stuck transaction fails the swap
 * instead of stalling the booker behind it.
 */
export async function swapShadowTable(conn: Connection, lockWaitSeconds = 10): Promise<void> {
  await conn.execute(`DROP TABLE IF EXISTS ${REPLACED_TABLE}`, [], 'run');
  const wait = Math.max(1, Math.floor(lockWaitSeconds));
  await conn.execute(`RENAME TABLE ${LIVE_TABLE} WAIT ${wait} TO ${REPLACED_TABLE}, ${SHADOW_TABLE} TO ${LIVE_TABLE}`, [], 'run');
}

export async function dropTable(conn: Connection, table: typeof SHADOW_TABLE | typeof REPLACED_TABLE): Promise<void> {
  await conn.execute(`DROP TABLE IF EXISTS ${table}`, [], 'run');
}
