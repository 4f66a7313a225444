// booker: a backlog of source records drained by the real booker (own process) into a table
// that already holds --rows appointments and ledger rows, next to the database ceiling measured
// on the same table in the same run: a raw batched INSERT … ON DUPLICATE KEY UPDATE loop.
import { uniqueName } from '@booking/shared/testing';
import { bookingStates, counterSum, drainRate, produceBookings } from '../lib/backlog.ts';
import { countRows, fillTables, rawUpserts, scratchDatabase, upsertRows } from '../lib/database.ts';
import { benchKafka, benchTopics, createBenchTopics, DEFAULT_PARTITIONS, deleteTopics } from '../lib/kafka.ts';
import { summariseProfiles } from '../lib/profile.ts';
import { defineScenario, intOption } from '../lib/scenario.ts';
import { startBooker } from '../lib/services.ts';

export default defineScenario({
  summary: 'backlog drain into a table of --rows rows, vs raw batched upserts on the same table',
  options: {
    rows: { type: 'string', description: 'booker: appointments and ledger rows before the run', default: '1000000' },
    uids: { type: 'string', description: 'booker: bookings in the backlog', default: '30000' },
    versions: { type: 'string', description: 'booker: versions per booking (the last cancels)', default: '3' },
  },
  async run(ctx) {
    const rows = intOption(ctx.values, 'rows', 1_000_000);
    const uids = intOption(ctx.values, 'uids', 30_000);
    const versions = intOption(ctx.values, 'versions', 3);
    const partitions = intOption(ctx.values, 'partitions', DEFAULT_PARTITIONS);
    const records = uids * versions;
    const id = uniqueName('bench-booker');
    const kafka = benchKafka('bench-booker');
    const topics = benchTopics(id);
    const db = await scratchDatabase('bench_booker');
    try {
      let t = performance.now();
      await fillTables(db.pool, rows);
      ctx.log(`filled ${rows} appointments + ledger rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      await createBenchTopics(kafka, topics, partitions);
      t = performance.now();
      await produceBookings(kafka, topics.calcom, bookingStates(id, uids, versions));
      ctx.log(`produced ${records} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const booker = await startBooker(topics, {
        partitions,
        databaseUrl: db.url,
        groupId: `${id}-booker`,
        profileDir: ctx.profileDir,
      });
      let drain: Awaited<ReturnType<typeof drainRate>>;
      try {
        // dead-lettered records count as handled, so that a bad backlog fails here, not at the time-out
        drain = await drainRate(
          () => counterSum(booker.url, 'booker_records_total', /outcome="(applied|duplicate|stale|invalid)"/),
          records,
        );
        const invalid = await counterSum(booker.url, 'booker_records_total', /outcome="invalid"/);
        if (invalid > 0)
          throw new Error(`${invalid} backlog records were dead-lettered: the bench's records fail the booker's checks`);
      } finally {
        await booker.stop();
      }
      const cancelled = await countRows(
        db.pool,
        `SELECT COUNT(*) AS n FROM appointments WHERE booking_uid LIKE '${id}-%' AND status = 'CANCELLED'`,
      );
      if (cancelled !== uids) throw new Error(`the booker left ${cancelled} cancelled bookings, expected ${uids}`);
      ctx.log('database ceiling: raw upserts of as many records on the same table');
      const raw = await rawUpserts(db.pool, upsertRows(bookingStates(`${id}-raw`, uids, versions)), 1000);
      return [
        {
          figure: 'raw 1000-row INSERT … ON DUPLICATE KEY UPDATE',
          value: raw,
          unit: 'records/s',
          better: 'higher',
          note: `table of ${rows} rows`,
        },
        {
          figure: `booker drain (${partitions} partitions, ${rows} rows in the table)`,
          value: drain.perSecond,
          unit: 'records/s',
          better: 'higher',
          baseline: { name: 'raw upserts', value: raw },
          target: '≥ 0.7',
          targetOn: 'ratio',
          note: `${records} records, ${drain.totalSeconds.toFixed(1)} s including start-up`,
        },
      ];
    } finally {
      await deleteTopics(kafka, Object.values(topics));
      await db.drop();
      if (ctx.profileDir) ctx.log(`profiles:\n${summariseProfiles(ctx.profileDir)}`);
    }
  },
});
