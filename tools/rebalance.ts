import { rmSync } from 'node:fs';
import { removeFromBroker } from '@booking/shared/kafka';
import { dropDatabase } from '@booking/shared/orm';
import { created } from '../packages/cli/src/demo/webhooks.ts';
import { runCommand } from '../packages/cli/src/lib/cli.ts';
import {
  fleetOptions,
  type Instance,
  openFleetRun,
  planInstance,
  sharedEnv,
  startInstance,
  stopInstance,
  waitReady,
} from './multi-instance/fleet.ts';
import { type Send, sendAll } from './multi-instance/load.ts';
import { createTopics, groupLag, prepareDatabase } from './multi-instance/state.ts';
import { type RebalanceEvent, type Sample, splitByEvent } from './rebalance/stall.ts';

const LOAD = { rate: 60, duration: 40 };

const spec = {
  name: 'rebalance',
  summary: 'Measures the stall that a booker joining and one leaving cause under steady load (3 bookers).',
  usage: 'npm run rebalance -- [--rate <webhooks/s>] [--duration <s>] [--partitions <n>]',
  options: fleetOptions(LOAD),
  exitCodes: { 0: 'measured', 1: 'the run could not complete', 2: 'usage error' },
};

/** One booking per webhook, so that each request has one processed event to time. */
function planSends(runId: string, count: number): Send[] {
  return Array.from({ length: count }, (_, i) => {
    const uid = `${runId}-${i}`;
    const slot = { uid, start: new Date(Date.UTC(2027, 0, 4, 8) + (i % 40) * 30 * 60_000) };
    return { uid, version: 0, body: JSON.stringify(created(slot, new Date())) };
  });
}

async function at(started: number, ms: number): Promise<void> {
  const wait = started + ms - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

await runCommand(spec, async ({ values }) => {
  const { rate, duration, partitions, logger, names, secret, kafka, spool, say } = openFleetRun('rebalance', 'rb', values, LOAD);
  const orm = await prepareDatabase(names.databaseUrl);
  const env = sharedEnv(names, { secret, partitions });
  const fleet: Instance[] = [];
  try {
    await createTopics(kafka, names, partitions, logger);
    const ingest = await planInstance('ingest', 'ingest-a', env, spool);
    const bookers = await Promise.all(['a', 'b', 'c', 'd'].map((s) => planInstance('booker', `booker-${s}`, env, spool)));
    fleet.push(ingest, ...bookers);
    const onLine = () => undefined;
    for (const i of [ingest, ...bookers.slice(0, 3)]) startInstance(i, onLine);
    await Promise.all([ingest, ...bookers.slice(0, 3)].map((i) => waitReady(i)));
    const sends = planSends(names.id, Math.round(rate * duration));
    say(`${names.id}: 1 ingest, 3 bookers ready; ${sends.length} webhooks at ${rate}/s, ${partitions} partitions`);

    const started = Date.now();
    const loadMs = duration * 1000;
    const events: RebalanceEvent[] = [];
    const [ledger] = await Promise.all([
      sendAll([ingest], sends, { rate, secret }),
      (async () => {
        await at(started, 0.35 * loadMs);
        const joinFrom = Date.now();
        startInstance(bookers[3] as Instance, onLine);
        await waitReady(bookers[3] as Instance);
        events.push({ label: 'booker-d joins', from: joinFrom, to: Date.now() });
        await at(started, 0.7 * loadMs);
        const leaveFrom = Date.now();
        await stopInstance(bookers[2] as Instance);
        events.push({ label: 'booker-c leaves (SIGTERM)', from: leaveFrom, to: Date.now() });
      })(),
    ]);
    for (const deadline = Date.now() + 120_000; ; ) {
      if ((await groupLag(kafka, names.groups.booker, [names.topics.calcom])) === 0n) break;
      if (Date.now() > deadline) throw new Error('the bookers did not drain within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const rows: { booking_uid: string; processed_at: Date }[] = await orm.em
      .fork()
      .getConnection()
      .execute('SELECT booking_uid, processed_at FROM processed_events', [], 'all');
    const committed = new Map(rows.map((r) => [r.booking_uid, new Date(r.processed_at).getTime()]));
    const samples: Sample[] = ledger
      .filter((e) => e.status >= 200 && e.status < 300 && committed.has(e.uid))
      .map((e) => ({ requestedAt: e.startedAt, ms: (committed.get(e.uid) as number) - e.startedAt }));
    const { steady, perEvent } = splitByEvent(samples, events, 5_000);
    const line = (f: { events: number; p50: number; p99: number; max: number }) =>
      `${f.events} events: p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms`;
    console.log(`rebalance run ${names.id}: ${samples.length} of ${ledger.length} webhooks committed`);
    console.log(`  steady state (outside the windows): ${line(steady)}`);
    for (const { event, figures } of perEvent) {
      const t = (ms: number) => ((ms - started) / 1000).toFixed(1);
      console.log(`  ${event.label} (t=${t(event.from)}–${t(event.to)} s, ±3 s): ${line(figures)}`);
    }
    return 0;
  } finally {
    await Promise.all(fleet.map(stopInstance));
    await orm.close();
    await removeFromBroker(kafka, { topics: Object.values(names.topics), groups: [names.groups.booker] });
    await dropDatabase(names.databaseUrl);
    rmSync(spool, { recursive: true, force: true });
  }
});
