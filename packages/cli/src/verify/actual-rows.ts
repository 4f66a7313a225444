// What MariaDB holds: every appointment row with its customer's key, read in ranges of the
// primary key with verify's own query, mapped by the field table's row mapping (the one the
// booker writes with), so that both sides convert times and integers the same way.
import { APPOINTMENT_READ_COLUMNS, appointmentFromRow, type MikroORM } from '@booking/shared/orm';
import type { ComparableRow } from './compare.ts';

const RANGE = 5000;
// ranges read at once: the database reads the next while this process maps the last
const RANGES_IN_FLIGHT = 3;
const select = (table: string) =>
  `SELECT ${APPOINTMENT_READ_COLUMNS.map((c) => `a.${c}`).join(', ')}, c.customer_key AS verify_customer_key FROM ${table} a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.id >= ? AND a.id < ?`;

/** `table`: the live appointments, or the shadow table of a rebuild before its swap. */
export async function actualRows(orm: MikroORM, table = 'appointments'): Promise<Map<string, ComparableRow>> {
  const conn = orm.em.getConnection();
  const SELECT = select(table);
  const [bounds] = (await conn.execute(`SELECT MIN(id) AS lo, MAX(id) AS hi FROM ${table}`, [], 'all')) as {
    lo: number | null;
    hi: number | null;
  }[];
  const rows = new Map<string, ComparableRow>();
  if (bounds?.lo == null || bounds.hi == null) return rows;
  // rows written after the bounds were read are outside them, as they were past the last page before
  const [lo, hi] = [Number(bounds.lo), Number(bounds.hi)];
  let next = lo;
  const reader = async () => {
    while (next <= hi) {
      const from = next;
      next += RANGE;
      const page = (await conn.execute(SELECT, [from, from + RANGE], 'all')) as Record<string, unknown>[];
      for (const r of page) {
        const { id: _id, customerId: _customerId, previous: _previous, ...state } = appointmentFromRow(r);
        rows.set(state.bookingUid, { ...state, customerKey: (r.verify_customer_key as string | null) ?? null });
      }
    }
  };
  await Promise.all(Array.from({ length: RANGES_IN_FLIGHT }, reader));
  return rows;
}
