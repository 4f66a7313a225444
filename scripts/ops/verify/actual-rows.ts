// What MariaDB holds: every appointment row with its customer's key, read in chunks through
// the booker's own row mapping so that both sides convert times the same way.
import type { MikroORM } from '@booking/shared/orm';
import { createAppointmentStore } from '../../../services/booker/src/adapters/appointment-store.ts';
import type { ComparableRow } from './compare.ts';

const CHUNK = 1000;

export async function actualRows(orm: MikroORM): Promise<Map<string, ComparableRow>> {
  const conn = orm.em.getConnection();
  const keys = (await conn.execute(
    'SELECT a.booking_uid AS uid, c.customer_key AS customerKey FROM appointments a LEFT JOIN customers c ON c.id = a.customer_id',
    [],
    'all',
  )) as { uid: string; customerKey: string | null }[];
  const customerKeyOf = new Map(keys.map((k) => [k.uid, k.customerKey]));
  const uids = [...customerKeyOf.keys()];
  const store = createAppointmentStore(orm);
  const rows = new Map<string, ComparableRow>();
  for (let i = 0; i < uids.length; i += CHUNK) {
    const chunk = await store.transaction((tx) => tx.readAppointments(uids.slice(i, i + CHUNK)));
    for (const [uid, stored] of chunk) {
      const { id: _id, customerId: _customerId, ...state } = stored;
      rows.set(uid, { ...state, customerKey: customerKeyOf.get(uid) ?? null });
    }
  }
  return rows;
}
