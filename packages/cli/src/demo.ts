// npm run demo: with the pipeline running (`npm start` in another terminal), sends a realistic
// signed sequence — a booking, the same delivery again, a reschedule, a cancellation, and a
// voice-agent booking that Cal.com also reports — then prints the resulting appointments and
// the cache keys the invalidator removed.
import { randomBytes } from 'node:crypto';
import {
  appointmentKey,
  availabilityKey,
  CACHE_INVALIDATION_CHANNEL,
  closeRedisClient,
  createRedisClient,
  decodeInvalidationMessage,
} from '@booking/shared/cache';
import { commonSchema, ingestSchema, loadConfig, redisTarget } from '@booking/shared/config';
import { createOrm } from '@booking/shared/orm';
import { callAnalyzed, cancelled, created, rescheduled, type Signed, signCalcom, signRetell } from './demo/webhooks.ts';
import { type CommandSpec, runCommand } from './lib/cli.ts';
import { withDevSecrets } from './lib/dev-secrets.ts';
import { commandExits, EXIT } from './lib/exit-codes.ts';

const DEADLINE_MS = 30_000;
const spec: CommandSpec = {
  name: 'demo',
  summary:
    'Send a signed booking story (create, redelivery, reschedule, cancel, voice booking) through a running pipeline (npm start) and show the result.',
  usage: 'npm run demo',
  ...commandExits({
    ok: 'every booking reached its final state',
    found: 'a booking did not reach its final state in time',
    failed: 'could not complete: the pipeline is not running (npm start)',
  }),
};

await runCommand(spec, async () => {
  const { env } = withDevSecrets(process.env);
  const ingest = loadConfig(ingestSchema, env);
  const common = loadConfig(commonSchema, env);
  const base = `http://127.0.0.1:${ingest.INGEST_PORT}`;
  const secret = ingest.CALCOM_WEBHOOK_SECRETS[0] as string;
  const retellKey = ingest.RETELL_API_KEY as string;

  const ready = await fetch(`${base}/readyz`).catch(() => undefined);
  if (!ready?.ok) {
    console.error(`the ingest does not answer ready at ${base}: start the pipeline first (npm start), then run npm run demo`);
    return EXIT.failed;
  }

  const id = randomBytes(4).toString('hex');
  const uid = { first: `demo${id}A`, moved: `demo${id}B`, voice: `demo${id}C` };
  const day = (d: number, h: number) => new Date(Date.UTC(2026, 11, d, h));
  const t0 = Date.now();
  const at = (s: number) => new Date(t0 + s * 1000);

  // the Redis the invalidator uses (one node, Sentinel or Cluster), opened the same way
  const redis = createRedisClient(redisTarget(common), { connectionName: 'demo' });
  const subscriber = createRedisClient(redisTarget(common), { connectionName: 'demo-subscriber' });
  const removed = new Set<string>();
  await subscriber.subscribe(CACHE_INVALIDATION_CHANNEL);
  subscriber.on('message', (_channel, message) => {
    for (const key of decodeInvalidationMessage(message))
      if (Object.values(uid).some((u) => key.includes(u)) || key.startsWith('availability:812:')) removed.add(key);
  });
  // What a reader would have cached: these are the keys that must disappear.
  // one SET per key: on a cluster the keys hash to different slots, which one MSET cannot span
  const cached = [
    appointmentKey(uid.first),
    availabilityKey(812, day(14, 15).getTime()),
    availabilityKey(812, day(17, 16).getTime()),
  ];
  await Promise.all(cached.map((key) => redis.set(key, 'cached')));

  async function send(label: string, signed: Signed): Promise<void> {
    const res = await fetch(`${base}${signed.path}`, { method: 'POST', headers: signed.headers, body: signed.body });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    const detail = body.eventId ? ` eventId=${String(body.eventId).slice(0, 12)}…` : body.reason ? ` (${body.reason})` : '';
    console.log(`→ ${label.padEnd(52)} ${res.status} ${body.status ?? body.error ?? ''}${detail}`);
  }

  const createdFirst = signCalcom(created({ uid: uid.first, start: day(14, 15) }, at(0)), secret);
  await send(`BOOKING_CREATED      ${uid.first}`, createdFirst);
  await send(`same delivery again  ${uid.first} (duplicate)`, createdFirst);
  await send(
    `BOOKING_RESCHEDULED  ${uid.first} → ${uid.moved}`,
    signCalcom(rescheduled({ uid: uid.first, start: day(14, 15) }, { uid: uid.moved, start: day(17, 16) }, at(1)), secret),
  );
  await send(`BOOKING_CANCELLED    ${uid.moved}`, signCalcom(cancelled({ uid: uid.moved, start: day(17, 16) }, at(2)), secret));
  await send(`Retell call_analyzed ${uid.voice}`, signRetell(callAnalyzed(uid.voice, `call_${id}`, day(18, 9)), retellKey));
  await send(
    `BOOKING_CREATED      ${uid.voice} (same booking)`,
    signCalcom(created({ uid: uid.voice, start: day(18, 9) }, at(3)), secret),
  );

  const orm = await createOrm({ databaseUrl: common.DATABASE_URL });
  type Row = Record<string, unknown>;
  const want: Record<string, (r: Row) => boolean> = {
    [uid.first]: (r) => r.status === 'RESCHEDULED',
    [uid.moved]: (r) => r.status === 'CANCELLED',
    [uid.voice]: (r) => r.status === 'ACCEPTED' && r.retell_call_id !== null && r.source === 'calcom',
  };
  let rows: Row[] = [];
  const deadline = Date.now() + DEADLINE_MS;
  while (Date.now() < deadline) {
    rows = (await orm.em
      .fork()
      .getConnection()
      .execute(
        `SELECT a.booking_uid, a.status, a.source, a.start_at, a.rescheduled_from_uid, a.rescheduled_to_uid, a.retell_call_id, c.customer_key
       FROM appointments a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.booking_uid IN (?, ?, ?) ORDER BY a.booking_uid`,
        Object.values(uid),
        'all',
      )) as Row[];
    const done = Object.entries(want).every(([u, ok]) => rows.some((r) => r.booking_uid === u && ok(r)));
    if (done && removed.has(appointmentKey(uid.voice))) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  console.log(`\nappointments (after ${((Date.now() - t0) / 1000).toFixed(1)} s):`);
  console.table(
    rows.map((r) => ({
      uid: r.booking_uid,
      status: r.status,
      source: r.source,
      start: r.start_at instanceof Date ? r.start_at.toISOString() : String(r.start_at),
      customer: r.customer_key,
      from: r.rescheduled_from_uid ?? '',
      to: r.rescheduled_to_uid ?? '',
      retellCall: r.retell_call_id ?? '',
    })),
  );
  console.log('cache keys removed by the invalidator:');
  for (const key of [...removed].sort()) console.log(`  ${key}`);
  const ok = Object.entries(want).every(([u, check]) => rows.some((r) => r.booking_uid === u && check(r)));
  console.log(
    ok
      ? '\nall three bookings reached their final state: one row each, duplicate ignored'
      : '\nthe pipeline did not reach the expected state in time: check the logs of npm start',
  );
  await orm.close();
  await Promise.all([closeRedisClient(redis), closeRedisClient(subscriber)]);
  return ok ? EXIT.ok : EXIT.found;
});
