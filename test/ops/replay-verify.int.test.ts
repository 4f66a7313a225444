// Recovery proven end to end: the booker applies a backlog, the appointments table is lost,
// `replay rebuild` re-consumes the source topics with the booker's own code, and `verify`
// proves the database matches the topics again, with the same table checksum as before.
import { createHash } from 'node:crypto';
import { appointmentRows, calcomState, logger, testConfig, useBookerHarness } from '@booking/booker/testing';
import { type BookingStateV1, bookingStateV1 } from '@booking/shared/events';
import { toDlqRecord } from '@booking/shared/kafka';
import { createAvroCodec } from '@booking/shared/registry';
import { uniqueName } from '@booking/shared/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { redriveDeadLetters } from '../../packages/cli/src/dlq/run-dlq.ts';
import { GroupRunningError } from '../../packages/cli/src/lib/group-running.ts';
import { rebuild } from '../../packages/cli/src/replay/rebuild.ts';
import { runVerify } from '../../packages/cli/src/verify/run-verify.ts';
import { bookingStory } from './story.ts';

const h = useBookerHarness();
const { db, kafka, registry } = h;

/** The tests share one scratch database; each looks only at the rows of its own bookings. */
const mismatchesOf = (prefix: string, report: { mismatches: { bookingUid: string }[] }) =>
  report.mismatches.filter((m) => m.bookingUid.startsWith(prefix));

/**
 * Checksum of what the rows say about the appointments — not of auto-increment ids, write
 * timestamps or previous_* (what the last change replaced depends on how the records were
 * batched, which a rebuild does differently by design).
 */
async function tableChecksum(prefix: string): Promise<string> {
  const rows = (await appointmentRows(db.orm)).filter((r) => String(r.booking_uid).startsWith(prefix));
  const relevant = rows.map(
    ({
      id: _id,
      created_at: _c,
      updated_at: _u,
      previous_start_at: _ps,
      previous_event_type_id: _pe,
      previous_customer_id: _pc,
      ...rest
    }) => rest,
  );
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex');
}

async function applyBacklog(prefix: string) {
  const { topics, groupId, booker, source } = await h.pipeline();
  const story = bookingStory(prefix);
  await source.calcomMany(story.calcom);
  for (const r of story.retell) await source.retell(r);
  const seen = () => new Set(booker.batches.items.flatMap((b) => b.outcomes.map((o) => o.eventId)));
  await booker.batches.waitFor(() => story.eventIds.every((id) => seen().has(id)));
  return { topics, groupId, booker, source, story };
}

describe('replay rebuild and verify', () => {
  it('when the appointments table is lost, then a rebuild restores it: verify passes and the checksum equals the one before', async () => {
    const prefix = uniqueName('rebuild');
    const { topics, groupId, booker } = await applyBacklog(prefix);
    const before = await tableChecksum(prefix);
    const healthy = await runVerify({ kafka, registry, orm: db.orm, topics });
    await booker.stop();
    await db.orm.em.fork().getConnection().execute(`DELETE FROM appointments WHERE booking_uid LIKE '${prefix}-%'`);
    const broken = await runVerify({ kafka, registry, orm: db.orm, topics });

    const plan = await rebuild(
      { kafka, schemaRegistry: registry, orm: db.orm, logger, config: testConfig(), topics },
      { group: groupId },
    );
    const after = await runVerify({ kafka, registry, orm: db.orm, topics });

    expect(mismatchesOf(prefix, healthy)).toEqual([]);
    expect(healthy.expected).toBe(14);
    expect(healthy.actual).toBe(14);
    expect(mismatchesOf(prefix, broken)).toHaveLength(14);
    expect(mismatchesOf(prefix, broken)[0]).toMatchObject({ column: '(row)', expected: 'present', actual: 'absent' });
    expect(plan.records).toBe(18n);
    expect(mismatchesOf(prefix, after)).toEqual([]);
    expect(await tableChecksum(prefix)).toBe(before);
  });

  it('when the booker is running, then the rebuild refuses to move its group and names the running member', async () => {
    const prefix = uniqueName('refuse');
    const { topics, groupId } = await applyBacklog(prefix);

    const attempt = rebuild(
      { kafka, schemaRegistry: registry, orm: db.orm, logger, config: testConfig(), topics },
      { group: groupId },
    );

    await expect(attempt).rejects.toThrow(GroupRunningError);
    await expect(attempt).rejects.toThrow(new RegExp(`consumer group "${groupId}": 1 member\\(s\\) running \\(booker-test-`));
  });

  it('when a dry run is asked for, then it prints the plan and moves nothing', async () => {
    const prefix = uniqueName('dry');
    const { topics, groupId, booker } = await applyBacklog(prefix);
    await booker.stop();

    const plan = await rebuild(
      { kafka, schemaRegistry: registry, orm: db.orm, logger, config: testConfig(), topics },
      { group: groupId, dryRun: true },
    );
    const admin = kafka.admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    const offsets = await admin.fetchOffsets({ groupId, topics: [topics.calcom] });

    expect(plan.records).toBe(18n);
    expect(offsets[0]?.partitions[0]?.offset).toBe('17');
  });

  it('when the database differs from the topics in one column, then verify names the UID, the column and both values', async () => {
    const prefix = uniqueName('drift');
    const { topics, booker } = await applyBacklog(prefix);
    await booker.stop();
    await db.orm.em
      .fork()
      .getConnection()
      .execute(`UPDATE appointments SET status = 'ACCEPTED' WHERE booking_uid = '${prefix}-b0'`);

    const report = await runVerify({ kafka, registry, orm: db.orm, topics });

    expect(mismatchesOf(prefix, report)).toEqual([
      { bookingUid: `${prefix}-b0`, column: 'status', expected: 'CANCELLED', actual: 'ACCEPTED' },
    ]);
  });
});

describe('DLQ re-drive', () => {
  it('when a dead letter is re-driven after its cause is fixed, then it is applied once, even if re-driven twice', async () => {
    const prefix = uniqueName('redrive');
    const { topics, booker, source } = await applyBacklog(prefix);
    const record = calcomState({ bookingUid: `${prefix}-late`, eventId: `${prefix}-late-e1` });
    // A letter dead-lettered by an earlier booker (the "cause", e.g. a since-fixed validation
    // bug): the original bytes with the error headers, as the DLQ holds them.
    const codec = await createAvroCodec<BookingStateV1>(registry, bookingStateV1.subject, bookingStateV1.schema);
    const dead = toDlqRecord(
      {
        topic: topics.calcom,
        partition: 0,
        offset: '99',
        key: record.bookingUid,
        value: await codec.encode(record),
        headers: { source: 'calcom' },
        timestamp: '0',
      },
      Object.assign(new Error('title too long'), { name: 'InvalidEventError' }),
      'booker',
    );
    await source.producer.send([{ ...dead, topic: topics.dlq }]);

    const first = await redriveDeadLetters(kafka, topics.dlq, { sourceTopic: topics.calcom });
    await booker.batches.waitFor((bs) =>
      bs.some((b) => b.outcomes.some((o) => o.eventId === `${prefix}-late-e1` && o.outcome === 'applied')),
    );
    const second = await redriveDeadLetters(kafka, topics.dlq, { sourceTopic: topics.calcom });
    await booker.batches.waitFor((bs) =>
      bs.some((b) => b.outcomes.some((o) => o.eventId === `${prefix}-late-e1` && o.outcome === 'duplicate')),
    );

    const rows = (await appointmentRows(db.orm)).filter((r) => r.booking_uid === `${prefix}-late`);
    expect(first.republished).toHaveLength(1);
    expect(second.republished).toHaveLength(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'ACCEPTED', last_event_id: `${prefix}-late-e1` });
  });
});
