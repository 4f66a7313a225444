// The version guard and the customer merge at the store level: the booker's database step
// (lock, plan, version-guarded upsert, ledger) on a migrated scratch database, without Kafka.
import { createOrm } from '@booking/shared/orm';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createAppointmentStore } from '../src/adapters/appointment-store.ts';
import { applyToDatabase } from '../src/handle-batches.ts';
import { calcom, calcomState, retell, voiceBooking } from '../src/handlers/fixtures.test-helpers.ts';
import type { PlannedRow, SourceRecord } from '../src/handlers/types.ts';
import { appointmentRows, useScratchDatabase } from './helpers.ts';

const db = useScratchDatabase();
let sequence = 0;
const uid = (name: string) => `${name}-${++sequence}-${Date.now()}`;

async function apply(...records: SourceRecord[]) {
  const { plan } = await applyToDatabase(records, { store: createAppointmentStore(db.orm) });
  return plan.outcomes.map((o) => o.outcome);
}
async function row(bookingUid: string) {
  return (await appointmentRows(db.orm)).find((r) => r.booking_uid === bookingUid);
}
async function customer(key: string) {
  const [found] = (await db.orm.em
    .fork()
    .getConnection()
    .execute('SELECT email, phone, name FROM customers WHERE customer_key = ?', [key], 'all')) as Record<string, unknown>[];
  return found;
}

describe('version guard at the store', () => {
  it('when an older version arrives after a newer one, then it is stale and the row keeps the newer state', async () => {
    const bookingUid = uid('older');
    await apply(calcom(calcomState({ bookingUid, eventId: `${bookingUid}-new`, version: 2_000, title: 'newer' })));

    const outcome = await apply(
      calcom(calcomState({ bookingUid, eventId: `${bookingUid}-old`, version: 1_000, title: 'older' })),
    );

    expect(outcome).toEqual(['stale']);
    expect(await row(bookingUid)).toMatchObject({ title: 'newer', version: 2_000, last_event_id: `${bookingUid}-new` });
  });

  it('when a racing writer upserts an older version without the lock, then the SQL guard keeps the newer row', async () => {
    const bookingUid = uid('race');
    await apply(calcom(calcomState({ bookingUid, eventId: `${bookingUid}-new`, version: 2_000, title: 'newer' })));
    const store = createAppointmentStore(db.orm);
    const older = await store.transaction(async (tx) => (await tx.readAppointments([bookingUid])).get(bookingUid));
    const stale: PlannedRow = {
      state: { ...(older as NonNullable<typeof older>), title: 'older', version: 1_000, lastEventId: `${bookingUid}-old` },
      customer: null,
      receivedAt: 1,
    };

    await store.transaction((tx) => tx.upsertAppointments([stale], new Map(), new Map()));

    expect(await row(bookingUid)).toMatchObject({ title: 'newer', version: 2_000, last_event_id: `${bookingUid}-new` });
  });

  it('when the same version arrives with another event id, then the later lifecycle step wins in either order', async () => {
    const first = uid('equal');
    const second = uid('equal');
    const accepted = (bookingUid: string) => calcom(calcomState({ bookingUid, eventId: `${bookingUid}-a`, version: 3_000 }));
    const cancelled = (bookingUid: string) =>
      calcom(
        calcomState({
          bookingUid,
          eventId: `${bookingUid}-c`,
          version: 3_000,
          status: 'CANCELLED',
          trigger: 'BOOKING_CANCELLED',
        }),
      );

    const inOrder = [await apply(accepted(first)), await apply(cancelled(first))];
    const reversed = [await apply(cancelled(second)), await apply(accepted(second))];

    expect(inOrder).toEqual([['applied'], ['applied']]);
    expect(reversed).toEqual([['applied'], ['stale']]);
    expect((await row(first))?.status).toBe('CANCELLED');
    expect((await row(second))?.status).toBe('CANCELLED');
  });

  it('when the same version and step arrive with two event ids, then the larger id wins whatever the order', async () => {
    const a = uid('tie');
    const b = uid('tie');
    const record = (bookingUid: string, id: string) =>
      calcom(calcomState({ bookingUid, eventId: `${bookingUid}-${id}`, version: 4_000, title: id }));

    await apply(record(a, 'x'));
    await apply(record(a, 'y'));
    await apply(record(b, 'y'));
    await apply(record(b, 'x'));

    expect((await row(a))?.title).toBe('y');
    expect((await row(b))?.title).toBe('y');
  });

  it('when the same event arrives again, then it is a duplicate and the row is unchanged', async () => {
    const bookingUid = uid('dup');
    const record = calcomState({ bookingUid, eventId: `${bookingUid}-1`, version: 5_000 });
    await apply(calcom(record));

    expect(await apply(calcom(record))).toEqual(['duplicate']);
    expect((await row(bookingUid))?.version).toBe(5_000);
  });
});

describe('customer merge at the store', () => {
  it('when Retell knows a customer Cal.com created, then it only fills empty fields; a later Cal.com state overwrites', async () => {
    const email = `${uid('ada')}@example.com`;
    const booked = uid('booked');
    await apply(
      calcom(
        calcomState({
          bookingUid: booked,
          eventId: `${booked}-1`,
          attendee: { name: 'Ada', email, phone: null, timeZone: null },
        }),
      ),
    );

    const called = uid('called');
    await apply(
      retell(
        voiceBooking({
          bookingUid: called,
          eventId: `${called}-r`,
          customerEmail: email,
          customerName: 'Grace',
          callerPhone: '+4915100000009',
        }),
      ),
    );
    const afterFill = await customer(email);
    const rebooked = uid('rebooked');
    await apply(
      calcom(
        calcomState({
          bookingUid: rebooked,
          eventId: `${rebooked}-1`,
          attendee: { name: 'Ada Lovelace', email, phone: null, timeZone: null },
        }),
      ),
    );

    expect(afterFill).toEqual({ email, phone: '+4915100000009', name: 'Ada' });
    expect(await customer(email)).toEqual({ email, phone: '+4915100000009', name: 'Ada Lovelace' });
  });

  it("when the server default is READ COMMITTED, then the ORM's connections still run REPEATABLE READ (the locking reads rely on it)", async () => {
    const admin = db.orm.em.fork().getConnection();
    const [global] = (await admin.execute('SELECT @@GLOBAL.tx_isolation AS level', [], 'all')) as { level: string }[];
    await admin.execute('SET GLOBAL TRANSACTION ISOLATION LEVEL READ COMMITTED', [], 'run');
    onTestFinished(async () => {
      await admin.execute(`SET GLOBAL TRANSACTION ISOLATION LEVEL ${global?.level.replace('-', ' ')}`, [], 'run');
    });
    const orm = await createOrm({ databaseUrl: db.url() });
    onTestFinished(() => orm.close());

    const [session] = (await orm.em.getConnection().execute('SELECT @@SESSION.tx_isolation AS level', [], 'all')) as {
      level: string;
    }[];

    expect(session?.level).toBe('REPEATABLE-READ');
  });
});
