import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createOrm } from '@booking/shared/orm';
import { Collector, startTcpProxy, uniqueName } from '@booking/shared/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { calcomState } from '../src/handlers/fixtures.test-helpers.ts';
import { useBookerHarness } from './harness.ts';
import { appointmentRows, createScratchDatabase, uniqueTopics } from './helpers.ts';

const h = useBookerHarness();
const { db, kafka } = h;

async function committedOffset(groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(entry?.partitions[0]?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}

function spawnBooker(env: Record<string, string>): { child: ChildProcess; lines: Collector<string> } {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'booker-child.ts')], {
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = new Collector<string>();
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (l) => lines.push(l));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  return { child, lines };
}

describe('booker under faults', () => {
  it('when MariaDB goes away mid-stream, then nothing goes to the DLQ, no offset passes unapplied records, and all apply once it returns', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 3306 });
    onTestFinished(() => proxy.close());
    const proxiedOrm = await createOrm({ databaseUrl: db.url('127.0.0.1', proxy.port) });
    onTestFinished(() => proxiedOrm.close());
    const { topics, groupId, booker, source } = await h.pipeline({ orm: proxiedOrm });
    const dlq = await h.readDlq(topics);
    const uid = uniqueName('dbdown');
    const applied = () => booker.batches.items.flatMap((b) => b.outcomes).filter((o) => o.outcome === 'applied').length;

    await source.calcom(calcomState({ bookingUid: `${uid}-0`, eventId: `${uid}-0` }));
    await booker.batches.waitFor(() => applied() === 1);
    await booker.commits.waitFor((c) => c.some((x) => x.nextOffset === '1'));
    await proxy.cut();
    for (let i = 1; i <= 5; i++) await source.calcom(calcomState({ bookingUid: `${uid}-${i}`, eventId: `${uid}-${i}` }));
    const failedOnce = new Collector<string>();
    const poll = setInterval(async () => {
      const text = await booker.metrics.getSingleMetricAsString('booker_records_total');
      if (/outcome="failed"} [1-9]/.test(text) && booker.app.readiness() !== undefined) failedOnce.push('failed');
    }, 50);
    onTestFinished(() => clearInterval(poll));
    await failedOnce.waitFor((items) => items.length > 0);
    const offsetWhileDown = await committedOffset(groupId, topics.calcom);
    await proxy.restore();
    await booker.batches.waitFor(() => applied() === 6);
    await booker.commits.waitFor((c) => c.some((x) => x.nextOffset === '6'));
    // the readiness probe sees the database back at its next check
    const readiness = new Collector<string | undefined>();
    const readyPoll = setInterval(() => readiness.push(booker.app.readiness()), 50);
    onTestFinished(() => clearInterval(readyPoll));
    await readiness.waitFor((items) => items.length > 0 && items.at(-1) === undefined);

    expect(offsetWhileDown).toBe(1);
    expect((await appointmentRows(db.orm)).filter((r) => String(r.booking_uid).startsWith(uid))).toHaveLength(6);
    expect(dlq.items.items).toHaveLength(0);
  });

  it('when the booker is killed between the DB commit and the offset commit, then after a restart the table is identical and the changes are produced again', async () => {
    const topics = uniqueTopics();
    const env = {
      DATABASE_URL: db.url(),
      BOOKER_GROUP_ID: uniqueName('booker'),
      KAFKA_TOPIC_PARTITIONS: '1',
      BOOKER_TEST_TOPICS: JSON.stringify(topics),
    };
    const first = spawnBooker({ ...env, BOOKER_TEST_BLOCK_BEFORE_COMMIT: '1' });
    await first.lines.waitFor((l) => l.includes('started'));
    const source = await h.sourceTo(topics);
    const changes = await h.readChanges(topics);
    const uid = uniqueName('crash');
    await source.calcomMany([
      calcomState({ bookingUid: uid, eventId: `${uid}-a`, version: 1_000 }),
      calcomState({ bookingUid: `${uid}-b`, eventId: `${uid}-b`, version: 1_000 }),
    ]);
    await first.lines.waitFor((l) => l.some((x) => x.includes('"batch"')));
    const before = (await appointmentRows(db.orm)).filter((r) => String(r.booking_uid).startsWith(uid));

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const second = spawnBooker(env);
    await second.lines.waitFor((l) => l.some((x) => x.includes('"duplicate"')));
    const after = (await appointmentRows(db.orm)).filter((r) => String(r.booking_uid).startsWith(uid));

    expect(before).toHaveLength(2);
    expect(after).toEqual(before);
    const seen = await changes.items.waitFor((items) => items.filter((c) => c.bookingUid.startsWith(uid)).length >= 4);
    const perUid = Object.groupBy(
      seen.filter((c) => c.bookingUid.startsWith(uid)),
      (c) => c.bookingUid,
    );
    expect(Object.values(perUid).map((list) => list?.length)).toEqual([2, 2]);
  });

  it('when a column of the database differs from the entities, then the booker refuses to start and names it', async () => {
    const drifted = await createScratchDatabase('booker_drift');
    await drifted.orm.em.getConnection().execute('ALTER TABLE appointments MODIFY retell_call_id VARCHAR(20) NULL');

    const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'src', 'main.ts')], {
      env: { ...process.env, DATABASE_URL: drifted.url(), BOOKER_PORT: '39871', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    const [code] = await once(child, 'exit');

    expect(code).not.toBe(0);
    expect(output).toContain('appointments.retell_call_id');
    expect(output).toContain('SCHEMA_DRIFT');
  });
});
