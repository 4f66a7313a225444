// End to end with the real booker (in-process, unique topics, scratch database): the race of
// DESIGN.md "Shape". A reader that refills the cache as soon as a key is invalidated must read
// the committed row. Had the invalidator read the webhook topics (the old design), its first
// invalidation after a webhook would come before the booker's commit and the refill would read
// the previous version — the first assertion after each step catches exactly that.
//
// This test imports the booker (a test-only dependency, see tsconfig references); it belongs
// with the cache invalidator because it proves the invalidator's contract.

import {
  calcomState,
  createSourceProducer,
  type RunningBooker,
  type SourceProducer,
  stackClients,
  startBooker,
  useScratchDatabase,
} from '@booking/booker/testing';
import { type Harness, startInvalidator } from '@booking/cache-invalidator/testing';
import { CACHE_INVALIDATION_CHANNEL, decodeInvalidationMessage, Redis } from '@booking/shared/cache';
import { Collector, STACK, uniqueName, useUniqueTopics } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Refill {
  bookingUid: string;
  status: string;
  version: number;
}

const db = useScratchDatabase('race');
const topics = useUniqueTopics(['calcom', 'retell', 'changes', 'dlq'], 'race');
const { kafka, registry } = stackClients();
let booker: RunningBooker;
let source: SourceProducer;
let h: Harness;
let subscriber: Redis;
const refills = new Collector<Refill>();

/** The reader: on each invalidated appointment key, read the row and put it back in the cache. */
async function refill(redisKey: string): Promise<void> {
  const bookingUid = redisKey.slice(`${h.prefix}appointment:`.length);
  const rows: { status: string; version: string | number }[] = await db.orm.em
    .fork()
    .getConnection()
    .execute('SELECT status, version FROM appointments WHERE booking_uid = ?', [bookingUid], 'all');
  const row = rows[0];
  if (!row) return;
  const value: Refill = { bookingUid, status: row.status, version: Number(row.version) };
  await h.redis.set(redisKey, JSON.stringify(value), 'EX', 600);
  refills.push(value);
}

beforeAll(async () => {
  const running = startBooker({ kafka, schemaRegistry: registry, orm: db.orm, topics, groupId: uniqueName('booker') });
  await running.started;
  booker = running;
  source = await createSourceProducer(kafka, registry, topics);
  h = await startInvalidator({ changesTopic: topics.changes, partitions: 1 });
  subscriber = new Redis(STACK.redisUrl);
  subscriber.on('message', (_channel: string, message: string) => {
    for (const key of decodeInvalidationMessage(message)) {
      if (key.startsWith(`${h.prefix}appointment:`)) void refill(key);
    }
  });
  await subscriber.subscribe(`${h.prefix}${CACHE_INVALIDATION_CHANNEL}`);
});
afterAll(async () => {
  await subscriber?.quit();
  await booker?.stop();
  await source?.producer.disconnect();
  await h?.close();
});

const cached = async (uid: string) => JSON.parse((await h.redis.get(`${h.prefix}appointment:${uid}`)) ?? 'null') as Refill | null;

describe('cache invalidator behind the booker', () => {
  it('when each webhook of a booking is applied, then the refill right after its invalidation reads the committed row', async () => {
    const uid = uniqueName('race');
    const steps = [
      calcomState({ bookingUid: uid, eventId: `${uid}-1`, version: 1_000 }),
      calcomState({ bookingUid: uid, eventId: `${uid}-2`, version: 2_000, title: 'Renamed', trigger: 'BOOKING_PAID' }),
      calcomState({ bookingUid: uid, eventId: `${uid}-3`, version: 3_000, status: 'CANCELLED', trigger: 'BOOKING_CANCELLED' }),
    ];

    const firstRefills: Refill[] = [];
    for (const step of steps) {
      const before = refills.items.filter((r) => r.bookingUid === uid).length;
      await source.calcom(step);
      const seen = await refills.waitFor((items) => items.filter((r) => r.bookingUid === uid).length > before);
      firstRefills.push(seen.filter((r) => r.bookingUid === uid)[before] as Refill);
    }

    expect(firstRefills.map((r) => [r.status, r.version])).toEqual([
      ['ACCEPTED', 1000],
      ['ACCEPTED', 2000],
      ['CANCELLED', 3000],
    ]);
    expect(await cached(uid)).toEqual({ bookingUid: uid, status: 'CANCELLED', version: 3000 });
  });

  it('when a booking is rescheduled, then both appointments and the availability of the old and the new day are invalidated', async () => {
    const oldUid = uniqueName('resched');
    const newUid = `${oldUid}-new`;
    const create = calcomState({ bookingUid: oldUid, eventId: `${oldUid}-a`, version: 1_000, eventTypeId: 7 });
    await source.calcom(create);
    await h.waitForBookings([oldUid]);
    const due = [`appointment:${oldUid}`, `appointment:${newUid}`, 'availability:7:2026-08-01', 'availability:7:2026-08-02'];
    await h.seed([...due, 'availability:7:2026-08-03']);
    const from = h.outcomes.items.length;

    await source.calcom(
      calcomState({
        bookingUid: newUid,
        eventId: `${newUid}-r`,
        version: 2_000,
        trigger: 'BOOKING_RESCHEDULED',
        eventTypeId: 7,
        rescheduledFromUid: oldUid,
        rescheduleStartTime: create.startTime,
        rescheduleEndTime: create.endTime,
        startTime: Date.UTC(2026, 7, 2, 9),
        endTime: Date.UTC(2026, 7, 2, 10),
      }),
    );
    await h.outcomes.waitFor((items) =>
      ['availability:7:2026-08-01', 'availability:7:2026-08-02', ...due.slice(0, 2)].every((k) =>
        items.slice(from).some((o) => o.keys.includes(k)),
      ),
    );

    // the reader refills the appointment keys right away; the day keys stay gone
    expect(await h.existing(['availability:7:2026-08-01', 'availability:7:2026-08-02', 'availability:7:2026-08-03'])).toEqual([
      'availability:7:2026-08-03',
    ]);
    await refills.waitFor((items) => items.some((r) => r.bookingUid === oldUid && r.status === 'RESCHEDULED'));
    expect(await cached(oldUid)).toMatchObject({ status: 'RESCHEDULED', version: 2000 });
  });
});
