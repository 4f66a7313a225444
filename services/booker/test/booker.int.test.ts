import { DLQ_HEADERS, ensureTopics, topicSpecsFor } from '@booking/shared/kafka';
import { uniqueName } from '@booking/shared/testing';
import { describe, expect, it } from 'vitest';
import type { BookerTopics } from '../src/handle-batches.ts';
import { calcomState, voiceBooking } from '../src/handlers/fixtures.test-helpers.ts';
import { useBookerHarness } from './harness.ts';
import { appointmentRows, logger, uniqueTopics } from './helpers.ts';

const h = useBookerHarness();
const { db, kafka } = h;

async function setup() {
  const { topics, booker, source } = await h.pipeline();
  const changes = await h.readChanges(topics);
  const outcomes = () => booker.batches.items.flatMap((b) => b.outcomes);
  const waitForEvents = (...eventIds: string[]) =>
    booker.batches.waitFor(() => eventIds.every((id) => outcomes().some((o) => o.eventId === id)));
  return { topics, booker, source, changes, outcomes, waitForEvents };
}

const rowsOf = async (prefix: string) => (await appointmentRows(db.orm)).filter((r) => String(r.booking_uid).startsWith(prefix));

describe('booker', () => {
  it('when a booking is created, then one row holds its state and one change record is produced', async () => {
    const { source, changes, waitForEvents } = await setup();
    const uid = uniqueName('created');

    await source.calcom(calcomState({ bookingUid: uid, eventId: `${uid}-e1` }));
    await waitForEvents(`${uid}-e1`);

    const rows = await rowsOf(uid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'ACCEPTED', source: 'calcom', title: 'Intro call', customer_key: 'ada@example.com' });
    expect(new Date(rows[0]?.start_at as Date).toISOString()).toBe('2026-08-01T09:00:00.000Z');
    const [change] = await changes.items.waitFor((items) => items.some((c) => c.bookingUid === uid));
    expect(change).toMatchObject({ bookingUid: uid, status: 'ACCEPTED', version: 1_000, previousStartAt: null });
  });

  it('when the same record arrives twice, then there is one row and the second is a duplicate', async () => {
    const { source, outcomes, waitForEvents, booker } = await setup();
    const uid = uniqueName('dup');
    const record = calcomState({ bookingUid: uid, eventId: `${uid}-e1` });

    await source.calcom(record);
    await waitForEvents(`${uid}-e1`);
    await source.calcom(record);
    await booker.batches.waitFor(() => outcomes().filter((o) => o.eventId === `${uid}-e1`).length === 2);

    expect(await rowsOf(uid)).toHaveLength(1);
    expect(
      outcomes()
        .filter((o) => o.bookingUid === uid)
        .map((o) => o.outcome),
    ).toEqual(['applied', 'duplicate']);
    expect(await booker.metrics.getSingleMetricAsString('booker_records_total')).toMatch(/outcome="duplicate"} 1/);
  });

  it('when a moved booking is delivered again (a crash before its change record), then the re-produced change still names the old slot', async () => {
    const { source, changes, waitForEvents, booker, outcomes } = await setup();
    const uid = uniqueName('moved');
    const oldStart = Date.UTC(2026, 7, 1, 9);
    const newStart = Date.UTC(2026, 7, 3, 14);
    const moved = calcomState({
      bookingUid: uid,
      eventId: `${uid}-e2`,
      version: 2_000,
      startTime: newStart,
      endTime: newStart + 1_800_000,
    });

    await source.calcom(
      calcomState({ bookingUid: uid, eventId: `${uid}-e1`, startTime: oldStart, endTime: oldStart + 1_800_000 }),
    );
    await waitForEvents(`${uid}-e1`);
    await source.calcom(moved);
    await waitForEvents(`${uid}-e2`);
    await source.calcom(moved);
    await booker.batches.waitFor(() => outcomes().filter((o) => o.eventId === `${uid}-e2`).length === 2);
    const mine = await changes.items.waitFor((items) => items.filter((c) => c.bookingUid === uid).length === 3);

    const [, applied, reproduced] = mine.filter((c) => c.bookingUid === uid);
    expect(
      outcomes()
        .filter((o) => o.bookingUid === uid)
        .map((o) => o.outcome),
    ).toEqual(['applied', 'applied', 'duplicate']);
    expect(applied).toMatchObject({ startAt: newStart, previousStartAt: oldStart });
    expect(reproduced).toMatchObject({ startAt: newStart, previousStartAt: oldStart, previousEventTypeId: 7 });
  });

  it('when the cancellation is delivered before the creation, then the final state is cancelled', async () => {
    const { source, waitForEvents } = await setup();
    const uid = uniqueName('cancel');

    await source.calcom(
      calcomState({
        bookingUid: uid,
        eventId: `${uid}-c`,
        version: 2_000,
        status: 'CANCELLED',
        trigger: 'BOOKING_CANCELLED',
        cancellationReason: 'ill',
      }),
    );
    await source.calcom(calcomState({ bookingUid: uid, eventId: `${uid}-a`, version: 1_000 }));
    await waitForEvents(`${uid}-c`, `${uid}-a`);

    const rows = await rowsOf(uid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'CANCELLED', cancellation_reason: 'ill', version: 2000 });
  });

  it.each([
    ['after', false],
    ['before', true],
  ])(
    'when a reschedule arrives %s the old booking, then the new row and the RESCHEDULED old row link both ways',
    async (_, rescheduleFirst) => {
      const { source, waitForEvents, changes } = await setup();
      const oldUid = uniqueName('resch-old');
      const newUid = `${oldUid}-new`;
      const create = calcomState({ bookingUid: oldUid, eventId: `${oldUid}-a`, version: 1_000 });
      const reschedule = calcomState({
        bookingUid: newUid,
        eventId: `${newUid}-r`,
        version: 2_000,
        trigger: 'BOOKING_RESCHEDULED',
        rescheduledFromUid: oldUid,
        rescheduleStartTime: create.startTime,
        rescheduleEndTime: create.endTime,
        startTime: Date.UTC(2026, 7, 2, 9),
        endTime: Date.UTC(2026, 7, 2, 10),
      });

      for (const r of rescheduleFirst ? [reschedule, create] : [create, reschedule]) await source.calcom(r);
      await waitForEvents(create.eventId, reschedule.eventId);

      const rows = await rowsOf(oldUid);
      expect(rows.map((r) => [r.booking_uid, r.status, r.rescheduled_from_uid, r.rescheduled_to_uid])).toEqual([
        [oldUid, 'RESCHEDULED', null, newUid],
        [newUid, 'ACCEPTED', oldUid, null],
      ]);
      expect(new Date(rows[0]?.start_at as Date).getTime()).toBe(create.startTime);
      await changes.items.waitFor((items) => items.some((c) => c.bookingUid === oldUid && c.status === 'RESCHEDULED'));
    },
  );

  it.each([
    ['before', true],
    ['after', false],
  ])(
    'when the Retell record comes %s the Cal.com record, then one row has the call id and the Cal.com state',
    async (_, retellFirst) => {
      const { source, waitForEvents } = await setup();
      const uid = uniqueName('retell');
      const cal = calcomState({ bookingUid: uid, eventId: `${uid}-a`, version: 1_000 });
      const voice = voiceBooking({ bookingUid: uid, eventId: `${uid}-r`, callId: `${uid}-call` });

      if (retellFirst) {
        await source.retell(voice);
        await waitForEvents(voice.eventId);
        await source.calcom(cal);
      } else {
        await source.calcom(cal);
        await waitForEvents(cal.eventId);
        await source.retell(voice);
      }
      await waitForEvents(cal.eventId, voice.eventId);

      const rows = await rowsOf(uid);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        retell_call_id: `${uid}-call`,
        source: 'calcom',
        status: 'ACCEPTED',
        version: 1000,
        title: 'Intro call',
        customer_key: 'ada@example.com',
      });
    },
  );

  it('when a record cannot be decoded, then it goes to the DLQ with headers and the next record on the partition applies', async () => {
    const { source, topics, waitForEvents, booker } = await setup();
    const uid = uniqueName('poison');
    const dlq = await h.readDlq(topics);

    await source.raw(topics.calcom, uid, Buffer.from('not avro'));
    await source.calcom(calcomState({ bookingUid: uid, eventId: `${uid}-ok` }));
    await waitForEvents(`${uid}-ok`);

    const [dead] = await dlq.items.waitFor((items) => items.length === 1);
    expect(dead?.key).toBe(uid);
    expect(dead?.value?.toString()).toBe('not avro');
    expect(dead?.headers).toMatchObject({
      [DLQ_HEADERS.errorClass]: 'InvalidEventError',
      [DLQ_HEADERS.sourceTopic]: topics.calcom,
      [DLQ_HEADERS.sourcePartition]: '0',
      [DLQ_HEADERS.sourceOffset]: '0',
      source: 'calcom',
    });
    expect(await rowsOf(uid)).toHaveLength(1);
    expect(await booker.metrics.getSingleMetricAsString('dlq_records_total')).toMatch(/reason="InvalidEventError"} 1/);
  });

  it('when records of several versions are applied, then every committed change produces exactly one change record', async () => {
    const { source, changes, waitForEvents, booker } = await setup();
    const uid = uniqueName('once');

    for (const version of [1_000, 2_000, 3_000])
      await source.calcom(calcomState({ bookingUid: uid, eventId: `${uid}-${version}`, version }));
    await waitForEvents(`${uid}-1000`, `${uid}-2000`, `${uid}-3000`);

    const writes = booker.batches.items.flatMap((b) => b.changes).filter((c) => c.bookingUid === uid);
    const seen = await changes.items.waitFor((items) => items.filter((c) => c.bookingUid === uid).length === writes.length);
    expect(seen.filter((c) => c.bookingUid === uid).map((c) => c.version)).toEqual(writes.map((c) => c.version));
    expect(writes.at(-1)?.version).toBe(3_000);
  });

  it('when records wait on both source topics, then one transaction applies the two batches and both offsets are committed', async () => {
    const topics: BookerTopics = uniqueTopics();
    await ensureTopics(kafka, topicSpecsFor(topics, 1, 1), logger);
    const source = await h.sourceTo(topics);
    const uid = uniqueName('grouped');
    await source.calcom(calcomState({ bookingUid: `${uid}-a`, eventId: `${uid}-a1` }));
    await source.retell(voiceBooking({ bookingUid: `${uid}-b`, eventId: `${uid}-b1` }));

    const booker = await h.startBooker({ topics });
    await booker.commits.waitFor((c) => c.some((x) => x.topic === topics.calcom) && c.some((x) => x.topic === topics.retell));

    expect((await rowsOf(uid)).map((r) => r.booking_uid).sort()).toEqual([`${uid}-a`, `${uid}-b`]);
    const perTransaction = await booker.metrics.getSingleMetricAsString('booker_transaction_batches');
    expect(perTransaction).toMatch(/booker_transaction_batches_bucket\{le="1"[^}]*\} 0$/m);
    expect(perTransaction).toMatch(/booker_transaction_batches_sum(\{[^}]*\})? 2$/m);
    expect(perTransaction).toMatch(/booker_transaction_batches_count(\{[^}]*\})? 1$/m);
  });
});
