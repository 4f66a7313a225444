// The rebuild without downtime: the booker keeps applying new records while `replay rebuild`
// folds the topics into a shadow table and swaps it in. Records the booker applied to the live
// table between the rebuild's read and the swap must survive the swap (the catch-up), rows that
// should not exist must be gone, and the booker must keep serving the new table.

import { appointmentRows, calcomState, useBookerHarness } from '@booking/booker/testing';
import { uniqueName } from '@booking/shared/testing';
import { describe, expect, it } from 'vitest';
import { shadowRebuild } from '../../packages/cli/src/replay/shadow-rebuild.ts';
import { runVerify } from '../../packages/cli/src/verify/run-verify.ts';
import { bookingStory } from './story.ts';

// its own scratch database: the rebuild replaces the whole appointments table
const h = useBookerHarness();
const { db, kafka, registry } = h;

describe('replay rebuild (shadow table, booker running)', () => {
  it('when the booker applies new records during the rebuild, then after the swap every booking row matches the topics and no stray row is left', async () => {
    const prefix = uniqueName('shadow');
    const { topics, booker, source } = await h.pipeline();
    const applied = (eventId: string) =>
      booker.batches.waitFor((bs) => bs.some((b) => b.outcomes.some((o) => o.eventId === eventId && o.outcome === 'applied')));
    const story = bookingStory(prefix);
    // values the rebuild's checksum must render as MariaDB does: quotes, backslash, control and
    // non-ASCII characters, trailing spaces, milliseconds, NULLs
    const odd = calcomState({
      bookingUid: `${prefix}-odd`,
      eventId: `${prefix}-odd-created`,
      version: 6_000,
      title: `O'Brien "quoted" \\ back\nslash\ttab ß 🎉 ｆｕｌｌ  `,
      location: 'Room 1   ',
      startTime: Date.UTC(2026, 11, 24, 9, 0, 0, 123),
      endTime: Date.UTC(2026, 11, 24, 9, 30, 0, 999),
      teamId: null,
      attendee: { name: 'Zoë', email: 'zoe@example.com', phone: null, timeZone: 'Asia/Kolkata' },
    });
    story.calcom.push(odd);
    story.eventIds.push(odd.eventId);
    await source.calcomMany(story.calcom);
    for (const r of story.retell) await source.retell(r);
    await Promise.all(story.eventIds.map(applied));
    const conn = db.orm.em.fork().getConnection();
    // what only a rebuild can repair: a row no record ever made, and a column changed by hand
    await conn.execute(
      `INSERT INTO appointments (booking_uid, source, status, version, created_at, updated_at) VALUES ('${prefix}-ghost', 'calcom', 'ACCEPTED', 1, NOW(3), NOW(3))`,
    );
    await conn.execute(`UPDATE appointments SET title = 'edited by hand' WHERE booking_uid = '${prefix}-b5'`);
    const late = [
      calcomState({
        bookingUid: `${prefix}-b2`,
        eventId: `${prefix}-b2-late`,
        version: 7_000,
        status: 'CANCELLED',
        trigger: 'BOOKING_CANCELLED',
      }),
      calcomState({ bookingUid: `${prefix}-late`, eventId: `${prefix}-late-created`, version: 7_001 }),
    ];

    const report = await shadowRebuild(
      { kafka, schemaRegistry: registry, orm: db.orm, topics },
      {
        // the booker applies these to the table about to be replaced, after the rebuild's reads
        beforeSwap: async () => {
          await source.calcomMany(late);
          await Promise.all(late.map((r) => applied(r.eventId)));
        },
      },
    );
    const after = calcomState({ bookingUid: `${prefix}-after`, eventId: `${prefix}-after-created`, version: 8_000 });
    await source.calcom(after);
    await applied(after.eventId);
    const verified = await runVerify({ kafka, registry, orm: db.orm, topics });
    const rows = await appointmentRows(db.orm);
    const row = (uid: string) => rows.find((r) => r.booking_uid === `${prefix}-${uid}`);
    const tables = (await conn.execute('SHOW TABLES', [], 'all')) as Record<string, string>[];

    expect(report).toMatchObject({ records: 19, rows: 15, delta: 0, caughtUp: 2, invalid: 0, compared: 'checksum' });
    expect(verified.mismatches).toEqual([]);
    expect(verified.actual).toBe(17);
    expect(row('ghost')).toBeUndefined();
    expect(row('b5')?.title).not.toBe('edited by hand');
    expect(row('b2')).toMatchObject({ status: 'CANCELLED', last_event_id: `${prefix}-b2-late` });
    expect(row('late')).toMatchObject({ status: 'ACCEPTED', last_event_id: `${prefix}-late-created` });
    expect(row('after')).toMatchObject({ last_event_id: `${prefix}-after-created` });
    expect(tables.flatMap((t) => Object.values(t)).sort()).not.toContain('appointments_replaced');
  });

  it('when the loaded shadow table differs from the topics, then the rebuild names the column and leaves the live table in place', async () => {
    const prefix = uniqueName('shadow-bad');
    const { topics, booker, source } = await h.pipeline();
    const story = bookingStory(prefix, 3);
    await source.calcomMany(story.calcom);
    for (const r of story.retell) await source.retell(r);
    await booker.batches.waitFor((bs) =>
      story.eventIds.every((id) => bs.some((b) => b.outcomes.some((o) => o.eventId === id && o.outcome === 'applied'))),
    );
    const conn = db.orm.em.fork().getConnection();
    const before = await appointmentRows(db.orm);

    const rebuilding = shadowRebuild(
      { kafka, schemaRegistry: registry, orm: db.orm, topics },
      {
        // a write that went wrong: one column of one row is not what the fold says
        afterLoad: async () => {
          await conn.execute(`UPDATE appointments_rebuild SET title = 'lost in the load' WHERE booking_uid = '${prefix}-b1'`);
        },
      },
    );

    await expect(rebuilding).rejects.toThrow(
      expect.objectContaining({ name: 'RebuildMismatchError', message: expect.stringContaining(`${prefix}-b1.title: expected`) }),
    );
    const tables = (await conn.execute('SHOW TABLES', [], 'all')) as Record<string, string>[];
    expect(await appointmentRows(db.orm)).toEqual(before);
    expect(tables.flatMap((t) => Object.values(t))).not.toContain('appointments_rebuild');
  });
});
