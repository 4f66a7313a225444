// What MariaDB holds: every appointment row with its customer's key, read in pages of the
// primary key with verify's own query, mapped by the field table's row mapping (the one the
// booker writes with), so that both sides convert times and integers the same way.
import { APPOINTMENT_READ_COLUMNS, appointmentFromRow, type MikroORM } from '@booking/shared/orm';
import type { ComparableRow } from './compare.ts';

const PAGE = 5000;
const select = (table: string) =>
  `SELECT ${APPOINTMENT_READ_COLUMNS.map((c) => `a.${c}`).join(', ')}, c.customer_key AS verify_customer_key FROM ${table} a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.id > ? ORDER BY a.id LIMIT ${PAGE}`;

/** `table`: the live appointments, or the shadow table of a rebuild before its swap. */
export async function actualRows(
  orm: MikroORM,
  onPage?: (rows: number) => void,
  table = 'appointments',
): Promise<Map<string, ComparableRow>> {
  const conn = orm.em.getConnection();
  const SELECT = select(table);
  const rows = new Map<string, ComparableRow>();
  for (let after = 0; ; ) {
    const page = (await conn.execute(SELECT, [after], 'all')) as Record<string, unknown>[];
    for (const r of page) {
      const { id, customerId: _customerId, previous: _previous, ...state } = appointmentFromRow(r);
      rows.set(state.bookingUid, { ...state, customerKey: (r.verify_customer_key as string | null) ?? null });
      after = id;
    }
    onPage?.(page.length);
    if (page.length < PAGE) return rows;
  }
}
