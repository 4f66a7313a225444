// Isolation against the real broker and MariaDB (DESIGN.md "Consumer error policy"): a record
// that fails on its own while every dependency is up is parked and everything else flows; a
// database that goes away in the middle of a group parks nothing.
import { DLQ_HEADERS } from '@booking/shared/kafka';
import { createOrm } from '@booking/shared/orm';
import { Collector, deferred, startTcpProxy, uniqueName } from '@booking/shared/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { calcomState } from '../src/handlers/fixtures.test-helpers.ts';
import { useBookerHarness } from './harness.ts';
import { appointmentRows } from './helpers.ts';

const h = useBookerHarness();
const { db } = h;

const rowsOf = async (prefix: string) =>
  (await appointmentRows(db.orm)).filter((r) => String(r.booking_uid).startsWith(prefix)).map((r) => String(r.booking_uid));

/** Polls a condition with a deadline: for states only the database can tell (a lock wait). */
function waitUntil(check: () => Promise<boolean>, what: string): Promise<unknown> {
  const seen = new Collector<boolean>();
  const timer = setInterval(() => void check().then((ok) => seen.push(ok)), 100);
  return seen
    .waitFor((items) => items.at(-1) === true)
    .then(
      () => clearInterval(timer),
      (error: Error) => {
        clearInterval(timer);
        throw new Error(`${what}: ${error.message}`);
      },
    );
}

describe('booker isolation', () => {
  it('when one record of a group fails on its own in MariaDB with every dependency up, then only it is parked with its code and place, the others are applied and the offset moves past it', async () => {
    // a real record failure with every dependency up: MariaDB refuses this one title
    const poisonTitle = uniqueName('poison');
    const trigger = poisonTitle.replace(/-/g, '_');
    const connection = db.orm.em.getConnection();
    await connection.execute(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON appointments FOR EACH ROW
       IF NEW.title = '${poisonTitle}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test trigger'; END IF`,
    );
    onTestFinished(async () => {
      await connection.execute(`DROP TRIGGER IF EXISTS ${trigger}`);
    });
    const { topics, booker, source } = await h.pipeline();
    const dlq = await h.readDlq(topics);
    const uid = uniqueName('iso');
    const booking = (i: number, title = 'Intro call') =>
      calcomState({ bookingUid: `${uid}-${i}`, eventId: `${uid}-${i}`, title });

    await source.calcomMany([booking(0), booking(1), booking(2, poisonTitle), booking(3), booking(4)]);
    await booker.commits.waitFor((c) => c.some((x) => x.nextOffset === '5'));
    await source.calcom(booking(5));
    await booker.commits.waitFor((c) => c.some((x) => x.nextOffset === '6'));
    const [letter] = await dlq.items.waitFor((items) => items.length >= 1);

    expect(await rowsOf(uid)).toEqual([`${uid}-0`, `${uid}-1`, `${uid}-3`, `${uid}-4`, `${uid}-5`]);
    expect(dlq.items.items).toHaveLength(1);
    expect(letter?.key).toBe(`${uid}-2`);
    expect(letter?.headers).toMatchObject({
      [DLQ_HEADERS.disposition]: 'parked',
      [DLQ_HEADERS.errorCode]: 'ER_SIGNAL_EXCEPTION',
      [DLQ_HEADERS.sourceTopic]: topics.calcom,
      [DLQ_HEADERS.sourcePartition]: '0',
      [DLQ_HEADERS.sourceOffset]: '2',
    });
    expect(letter?.headers[DLQ_HEADERS.errorMessage]).toContain('refused by the test trigger');
    expect(await booker.metrics.getSingleMetricAsString('consumer_records_parked_total')).toMatch(
      /reason="ER_SIGNAL_EXCEPTION"} 1/,
    );
    expect(await booker.metrics.getSingleMetricAsString('booker_records_total')).toMatch(/outcome="parked"} 1/);
    expect(booker.app.readiness()).toBeUndefined();
  });

  it('when MariaDB goes away while a group is in its transaction, then nothing is parked and the whole group applies once it is back', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 3306 });
    onTestFinished(() => proxy.close());
    const proxiedOrm = await createOrm({ databaseUrl: db.url('127.0.0.1', proxy.port) });
    onTestFinished(() => proxiedOrm.close());
    const { topics, booker, source } = await h.pipeline({ orm: proxiedOrm });
    const dlq = await h.readDlq(topics);
    const uid = uniqueName('cut');
    const booking = (i: number, version = 1_000) =>
      calcomState({ bookingUid: `${uid}-${i}`, eventId: `${uid}-${i}-${version}`, version });
    await source.calcom(booking(0));
    await booker.commits.waitFor((c) => c.some((x) => x.nextOffset === '1'));
    // hold booking 0's row so that the next group's transaction waits inside MariaDB
    const release = deferred<void>();
    const locked = deferred<void>();
    const holding = db.orm.em.fork().transactional(async (em) => {
      await em
        .getConnection()
        .execute('SELECT id FROM appointments WHERE booking_uid = ? FOR UPDATE', [`${uid}-0`], 'all', em.getTransactionContext());
      locked.resolve();
      await release.promise;
    });
    onTestFinished(async () => {
      release.resolve();
      await holding.catch(() => undefined);
    });
    // the row must be held before the group is produced: otherwise the booker can lock it first,
    // commit, and no lock wait ever shows (the test then failed after 30 s on a loaded machine)
    await Promise.race([locked.promise, holding]);

    await source.calcomMany([booking(1), booking(0, 2_000), booking(2), booking(3)]);
    await waitUntil(async () => {
      const [row] = await db.orm.em.getConnection().execute(
        `SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
           WHERE t.trx_state = 'LOCK WAIT' AND p.DB = DATABASE()`,
      );
      return Number((row as { n: number }).n) > 0;
    }, 'the group never waited for the held row');
    await proxy.cut();
    release.resolve();
    await holding;
    await waitUntil(
      async () => /outcome="failed"} [1-9]/.test(await booker.metrics.getSingleMetricAsString('booker_records_total')),
      'the booker never retried the group',
    );
    await proxy.restore();
    await booker.commits.waitFor((c) => c.some((x) => x.nextOffset === '5'), 60_000);

    expect(await rowsOf(uid)).toEqual([`${uid}-0`, `${uid}-1`, `${uid}-2`, `${uid}-3`]);
    const [row0] = (await appointmentRows(db.orm)).filter((r) => r.booking_uid === `${uid}-0`);
    expect(Number(row0?.version)).toBe(2_000);
    expect(booker.parked.items).toEqual([]);
    expect(dlq.items.items).toEqual([]);
    expect(await booker.metrics.getSingleMetricAsString('booker_records_total')).toMatch(/outcome="failed"} [1-9]/);
  });
});
