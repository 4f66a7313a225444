// replay: `replay rebuild` (the shadow table, in this process) of a backlog of --bookings
// bookings into an empty scratch database, next to two baselines of the same run: reading and Avro-decoding the same records to the end (the floor any rebuild
// pays) and raw batched upserts of as many rows into the same table (the database ceiling).
// --replay-in-place adds the old way (the booker's own code path re-consuming into the live
// table). Then `verify`.
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { readTopicsToEnd } from '@booking/shared/kafka';
import { createOrm } from '@booking/shared/orm';
import { decodeAvro } from '@booking/shared/registry';
import { uniqueName } from '@booking/shared/testing';
import { rebuild } from '../../../packages/cli/src/replay/rebuild.ts';
import { shadowRebuild } from '../../../packages/cli/src/replay/shadow-rebuild.ts';
import { runVerify } from '../../../packages/cli/src/verify/run-verify.ts';
import { bookingStates, produceBookings, registry } from '../lib/backlog.ts';
import { rawUpserts, scratchDatabase, upsertRows } from '../lib/database.ts';
import { benchKafka, benchLogger, benchTopics, createBenchTopics, DEFAULT_PARTITIONS, deleteTopics } from '../lib/kafka.ts';
import type { Row } from '../lib/report.ts';
import { defineScenario, intOption } from '../lib/scenario.ts';

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export default defineScenario({
  summary: 'replay rebuild of a backlog into an empty table, vs read+decode and raw upserts',
  options: {
    bookings: { type: 'string', description: 'replay: bookings in the backlog', default: '100000' },
    'replay-in-place': { type: 'boolean', description: 'replay: also time the old way, rebuild --in-place' },
  },
  async run(ctx) {
    const bookings = intOption(ctx.values, 'bookings', 100_000);
    const partitions = intOption(ctx.values, 'partitions', DEFAULT_PARTITIONS);
    const id = uniqueName('bench-replay');
    const kafka = benchKafka('bench-replay');
    const topics = benchTopics(id);
    const db = await scratchDatabase('bench_replay');
    const orm = await createOrm({ databaseUrl: db.url });
    try {
      await createBenchTopics(kafka, topics, partitions);
      await produceBookings(kafka, topics.calcom, bookingStates(id, bookings, 1));
      ctx.log(`backlog: ${bookings} bookings on ${partitions} partitions`);

      let t0 = performance.now();
      let decoded = 0;
      await readTopicsToEnd(kafka, {
        topics: [topics.calcom, topics.retell],
        async onRecord(r) {
          await decodeAvro(registry, r.value);
          decoded++;
        },
      });
      const readRate = decoded / seconds(t0);

      t0 = performance.now();
      const shadow = await shadowRebuild({ kafka, schemaRegistry: registry, orm, topics });
      const shadowRate = shadow.rows / shadow.secondsToSwap;
      let inPlace: { rate: number; firstAt: number } | undefined;
      if (ctx.values['replay-in-place'] === true) {
        await orm.em.getConnection().execute('TRUNCATE TABLE appointments');
        const config = loadConfig(bookerSchema, { KAFKA_TOPIC_PARTITIONS: String(partitions), LOG_LEVEL: 'error' });
        let firstAt = 0;
        t0 = performance.now();
        const plan = await rebuild(
          { kafka, schemaRegistry: registry, orm, logger: benchLogger, config, topics },
          {
            group: `${id}-rebuild`,
            onProgress: (done) => {
              if (done > 0n && firstAt === 0) firstAt = performance.now();
            },
          },
        );
        inPlace = { rate: Number(plan.records) / seconds(t0), firstAt: (firstAt - t0) / 1000 };
      }

      t0 = performance.now();
      const report = await runVerify({ kafka, registry, orm, topics });
      const verified = seconds(t0);
      if (report.mismatches.length > 0 || report.actual !== bookings) {
        throw new Error(`verify after the rebuild: ${report.mismatches.length} mismatches, ${report.actual} of ${bookings} rows`);
      }
      const raw = await rawUpserts(db.pool, upsertRows(bookingStates(`${id}-raw`, bookings, 1)), 1000);
      const note = `${bookings} bookings, swapped after ${shadow.secondsToSwap.toFixed(1)} s, done after ${shadow.seconds.toFixed(1)} s (${Object.entries(
        shadow.phases,
      )
        .map(([p, t]) => `${p} ${t.toFixed(1)} s`)
        .join(', ')}); compared by ${shadow.compared}; verify ${verified.toFixed(1)} s, 0 mismatches`;
      const rows: Row[] = [
        { figure: 'read + Avro-decode to the end', value: readRate, unit: 'records/s', better: 'higher' },
        { figure: 'raw 1000-row upserts into the same table', value: raw, unit: 'rows/s', better: 'higher' },
        {
          figure: 'replay rebuild, shadow table (vs raw upserts)',
          value: shadowRate,
          unit: 'bookings/s',
          better: 'higher',
          baseline: { name: 'raw upserts', value: raw },
          target: '≥ 25 000/s',
          note,
        },
        {
          figure: 'replay rebuild, shadow table (vs read + decode)',
          value: shadowRate,
          unit: 'bookings/s',
          better: 'higher',
          baseline: { name: 'read+decode', value: readRate },
        },
      ];
      if (inPlace)
        rows.push({
          figure: 'replay rebuild --in-place (the old way)',
          value: inPlace.rate,
          unit: 'records/s',
          better: 'higher',
          baseline: { name: 'shadow', value: shadowRate },
          note: `first batch after ${inPlace.firstAt.toFixed(1)} s`,
        });
      return rows;
    } finally {
      await orm.close();
      await deleteTopics(kafka, Object.values(topics));
      await db.drop();
    }
  },
});
