// Migration 20261202000000-nopad-keys on a populated database (issue #21): the rows a running
// system holds survive it unchanged, and afterwards the key columns tell apart what the old
// collations folded together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm, dropDatabase, ensureDatabase, type MikroORM, migrateDown, migrateUp } from '../../src/orm/index.ts';
import { STACK, uniqueName } from '../../src/testing/index.ts';

const url = `${STACK.mariadbUrl}/${uniqueName('nopad_keys').replace(/-/g, '_')}`;
let orm: MikroORM;

const sql = <T>(query: string, params: unknown[] = []) => orm.em.getConnection().execute(query, params, 'all') as Promise<T>;
const ts = '2026-12-01 10:00:00.000';

async function snapshot() {
  return {
    appointments: await sql<unknown[]>('SELECT * FROM appointments ORDER BY id'),
    customers: await sql<unknown[]>('SELECT * FROM customers ORDER BY id'),
    ledger: await sql<unknown[]>('SELECT * FROM processed_events ORDER BY event_id'),
  };
}

beforeAll(async () => {
  await ensureDatabase(url);
  orm = await createOrm({ databaseUrl: url, poolMax: 2 });
  await orm.migrator.up({ to: 'Migration20261201000000_binary_uids' });
});
afterAll(async () => {
  await orm?.close();
  await dropDatabase(url);
});

describe('migration nopad_keys', () => {
  it('when it runs on populated tables, then every row stays as it was and the keys then compare byte for byte', async () => {
    await sql(
      `INSERT INTO customers (customer_key, email, phone, name, created_at, updated_at) VALUES ('straße@example.com', 'straße@example.com', NULL, 'A', ?, ?), ('+4915100000001', NULL, '+49 151 00000001', 'B', ?, ?)`,
      [ts, ts, ts, ts],
    );
    await sql(
      `INSERT INTO appointments (booking_uid, customer_id, source, status, version, last_event_id, retell_call_id, rescheduled_from_uid, created_at, updated_at) VALUES ('abc', 1, 'calcom', 'ACCEPTED', 1, 'e-1', 'call-1', NULL, ?, ?), ('abd', 2, 'calcom', 'ACCEPTED', 2, 'e-2', NULL, 'abc', ?, ?)`,
      [ts, ts, ts, ts],
    );
    await sql(
      `INSERT INTO processed_events (event_id, booking_uid, outcome, topic, \`partition\`, \`offset\`, processed_at) VALUES ('e-1', 'abc', 'applied', 't', 0, 0, ?), ('e-2', 'abd', 'applied', 't', 0, 1, ?)`,
      [ts, ts],
    );
    const before = await snapshot();

    const ran = await migrateUp(orm);
    await sql(
      `INSERT INTO customers (customer_key, created_at, updated_at) VALUES ('strasse@example.com', ?, ?), ('STRASSE@example.com', ?, ?)`,
      [ts, ts, ts, ts],
    );
    await sql(
      `INSERT INTO appointments (booking_uid, source, status, version, created_at, updated_at) VALUES ('abc ', 'calcom', 'ACCEPTED', 1, ?, ?)`,
      [ts, ts],
    );
    await sql(
      `INSERT INTO processed_events (event_id, booking_uid, outcome, topic, \`partition\`, \`offset\`, processed_at) VALUES ('e-1 ', 'abc ', 'applied', 't', 0, 2, ?)`,
      [ts],
    );
    const lookedUp = await sql<{ booking_uid: string }[]>("SELECT booking_uid FROM appointments WHERE booking_uid = 'abc'");

    expect(ran).toEqual(['Migration20261202000000_nopad_keys']);
    expect(await snapshot()).toEqual({
      appointments: [...before.appointments, expect.objectContaining({ booking_uid: 'abc ' })],
      customers: [
        ...before.customers,
        expect.objectContaining({ customer_key: 'strasse@example.com' }),
        expect.objectContaining({ customer_key: 'STRASSE@example.com' }),
      ],
      ledger: [
        expect.objectContaining({ event_id: 'e-1' }),
        expect.objectContaining({ event_id: 'e-1 ' }),
        expect.objectContaining({ event_id: 'e-2' }),
      ],
    });
    expect(lookedUp).toEqual([{ booking_uid: 'abc' }]);
  });

  it('when keys exist that the old collations fold together, then going back refuses instead of merging them', async () => {
    const reverting = migrateDown(orm);

    await expect(reverting).rejects.toThrow(/Duplicate entry/);
    expect(await sql<{ n: number }[]>("SELECT COUNT(*) AS n FROM appointments WHERE booking_uid LIKE 'ab%'")).toEqual([{ n: 3 }]);
  });
});
