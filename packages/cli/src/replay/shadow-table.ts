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

export const LIVE_TABLE = 'appointments';
export const SHADOW_TABLE = 'appointments_rebuild';
/** The table the swap replaced; dropped after the catch-up unless kept on purpose. */
export const REPLACED_TABLE = 'appointments_replaced';

// 1 000 rows × 23 columns stays far below max_allowed_packet and the 65 535 placeholders limit
const ROWS_PER_INSERT = 1_000;
const INSERTS_IN_FLIGHT = 2;

type Connection = ReturnType<MikroORM['em']['getConnection']>;

const rowPlaceholders = (rows: number) => {
  const one = `(${APPOINTMENT_WRITE_COLUMNS.map(() => '?').join(',')})`;
  return Array.from({ length: rows }, () => one).join(',');
};
// a row the rebuild writes a second time (the delta before the swap) takes every column again
const OVERWRITE_TAIL = ` ON DUPLICATE KEY UPDATE ${APPOINTMENT_WRITE_COLUMNS.filter(
  (c) => c !== APPOINTMENT_UID_COLUMN && c !== 'created_at',
)
  .map((c) => `${c} = VALUES(${c})`)
  .join(', ')}`;

/** Drops a shadow table a failed run left behind and creates an empty one like the live table. */
export async function createShadowTable(conn: Connection): Promise<void> {
  await conn.execute(`DROP TABLE IF EXISTS ${SHADOW_TABLE}`, [], 'run');
  await conn.execute(`CREATE TABLE ${SHADOW_TABLE} LIKE ${LIVE_TABLE}`, [], 'run');
}

/**
 * Writes folded rows into the shadow table, ROWS_PER_INSERT per statement, INSERTS_IN_FLIGHT
 * statements at a time. `overwrite` for rows that may be there already (the delta).
 */
export async function writeShadowRows(
  conn: Connection,
  rows: readonly AppointmentState[],
  options: { overwrite?: boolean; onRows?(n: number): void } = {},
): Promise<void> {
  const ts = toSqlTime(Date.now());
  const tail = options.overwrite ? OVERWRITE_TAIL : '';
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const chunk = rows.slice(next, next + ROWS_PER_INSERT);
      next += chunk.length;
      const params: unknown[] = [];
      for (const state of chunk) for (const p of appointmentRowParams(state, NO_PREVIOUS, ts)) params.push(p);
      await conn.execute(
        `INSERT INTO ${SHADOW_TABLE} (${APPOINTMENT_WRITE_COLUMNS.join(', ')}) VALUES ${rowPlaceholders(chunk.length)}${tail}`,
        params,
        'run',
      );
      options.onRows?.(chunk.length);
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
