// The data-chaos run (issue #21): bursts of signed-but-odd webhooks (./cases.ts) through a real
// ingest process, booker and cache invalidator on private topics, a database and a key prefix of
// their own (the fuzz suite's pipeline). After each burst it checks what a user would: a control
// booking sent afterwards is applied and invalidated (nothing stalls), one row per distinct UID
// with the status the version rule gives, each booking linked to the customer of its own e-mail,
// nothing parked or dead-lettered that a correct pipeline applies, and no stale cache key.
import { customerKey } from '@booking/booker';
import { appointmentKey } from '@booking/shared/cache';
import { RECORD_HEADERS } from '@booking/shared/events';
import { readTopicsToEnd } from '@booking/shared/kafka';
import { pollUntil } from '@booking/shared/testing';
import { created, signCalcom } from '../../packages/cli/src/demo/webhooks.ts';
import { type FuzzPipeline, type FuzzStack, startFuzzPipeline } from '../fuzz/fuzz-pipeline.ts';
import { type Burst, buildBurst, type Keys } from './cases.ts';

export interface DataChaosOptions {
  kinds: string[];
  /** How many times each kind is sent, each time with fresh UIDs. */
  rounds: number;
  stack: FuzzStack;
  ports: [number, number, number];
  /** How long a burst's rows and the control booking may take to appear. */
  settleMs?: number;
}

export interface KindReport {
  cases: number;
  accepted: number;
  refused: number;
  parked: number;
  stalls: number;
  /** What broke the rules, one line each. */
  problems: string[];
}

export type DataChaosReport = Record<string, KindReport>;

const KEYS: Keys = { calcomSecret: 'data-chaos-calcom-secret', retellKey: 'data-chaos-retell-key' };
const PHONE = '+4915112345678'; // the demo attendee's, on every Cal.com booking of the suite

interface Row {
  booking_uid: string;
  status: string;
  customer_key: string | null;
}

async function send(pipeline: FuzzPipeline, burst: Burst, report: KindReport): Promise<Set<string>> {
  const eventIds = new Set<string>();
  for (const [i, { signed, expect }] of burst.deliveries.entries()) {
    const response = await fetch(`${pipeline.url}${signed.path}`, { method: 'POST', headers: signed.headers, body: signed.body });
    const text = await response.text();
    const body = (JSON.parse(text || '{}') as { eventId?: string; error?: string }) ?? {};
    report.cases += 1;
    if (response.status === 202) report.accepted += 1;
    if (response.status === 400) report.refused += 1;
    if (expect.accept && response.status === 202 && body.eventId) eventIds.add(body.eventId);
    else if (expect.accept) report.problems.push(`${burst.kind}#${i}: expected 202, got ${response.status} ${body.error ?? ''}`);
    // the error body names the field in its message or details (DESIGN.md "HTTP API")
    else if (response.status !== 400 || !text.includes(expect.field))
      report.problems.push(`${burst.kind}#${i}: expected 400 naming ${expect.field}, got ${response.status} ${text}`);
  }
  return eventIds;
}

/** The rows of the burst's prefix, grouped by the UID's exact string (JavaScript's comparison). */
async function rowsByUid(pipeline: FuzzPipeline, prefix: string): Promise<Map<string, Row[]>> {
  const rows = await pipeline.query<Row>(
    'SELECT a.booking_uid, a.status, c.customer_key FROM appointments a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.booking_uid LIKE ?',
    [`${prefix}%`],
  );
  const byUid = new Map<string, Row[]>();
  for (const row of rows) byUid.set(row.booking_uid, [...(byUid.get(row.booking_uid) ?? []), row]);
  return byUid;
}

function rowProblems(burst: Burst, byUid: Map<string, Row[]>): string[] {
  const problems: string[] = [];
  for (const booking of burst.bookings) {
    const rows = byUid.get(booking.uid) ?? [];
    const shown = JSON.stringify(booking.uid);
    if (rows.length !== 1) problems.push(`${burst.kind}: ${rows.length} rows for UID ${shown}`);
    else if (rows[0]?.status !== booking.status)
      problems.push(`${burst.kind}: UID ${shown} is ${rows[0]?.status}, expected ${booking.status}`);
  }
  return problems;
}

function customerProblems(burst: Burst, byUid: Map<string, Row[]>): string[] {
  return burst.bookings
    .filter((b) => b.email !== null && byUid.get(b.uid)?.length === 1)
    .filter((b) => byUid.get(b.uid)?.[0]?.customer_key !== customerKey(b.email, PHONE))
    .map(
      (b) =>
        `${burst.kind}: UID ${JSON.stringify(b.uid)} links to customer ${byUid.get(b.uid)?.[0]?.customer_key}, not ${b.email}`,
    );
}

/** A booking sent after the burst must be applied and invalidated: a stalled consumer never does. */
async function controlGetsThrough(pipeline: FuzzPipeline, prefix: string, settleMs: number): Promise<boolean> {
  const uid = `${prefix}-control`;
  const cacheKey = `${pipeline.keyPrefix}${appointmentKey(uid)}`;
  await pipeline.redis.set(cacheKey, 'stale');
  const signed = signCalcom(created({ uid, start: new Date(Date.UTC(2027, 5, 1, 9)) }, new Date()), KEYS.calcomSecret);
  const response = await fetch(`${pipeline.url}${signed.path}`, { method: 'POST', headers: signed.headers, body: signed.body });
  if (response.status !== 202) return false;
  return pollUntil(
    'the control booking applied and invalidated',
    async () => {
      return (await pipeline.countRows(uid)) === 1 && (await pipeline.redis.exists(cacheKey)) === 0;
    },
    (done) => done,
    { timeoutMs: settleMs, intervalMs: 100 },
  ).then(
    () => true,
    () => false,
  );
}

async function parkedEventIds(pipeline: FuzzPipeline): Promise<Set<string>> {
  const ids = new Set<string>();
  await readTopicsToEnd(pipeline.kafka, {
    topics: [pipeline.topics.dlq],
    onRecord(record) {
      const id = record.headers[RECORD_HEADERS.eventId];
      if (id) ids.add(id);
    },
  });
  return ids;
}

/** Sends one burst and checks it; returns the event ids of what it accepted. */
async function runBurst(pipeline: FuzzPipeline, burst: Burst, prefix: string, report: KindReport, settleMs: number) {
  const cacheKeys = burst.bookings.map((b) => `${pipeline.keyPrefix}${appointmentKey(b.uid)}`);
  for (const key of cacheKeys) await pipeline.redis.set(key, 'stale');
  const eventIds = await send(pipeline, burst, report);
  const byUid = await pollUntil(
    `the rows of burst ${burst.kind}`,
    () => rowsByUid(pipeline, prefix),
    (rows) => rowProblems(burst, rows).length === 0,
    { timeoutMs: settleMs, intervalMs: 100 },
  ).catch(() => rowsByUid(pipeline, prefix));
  report.problems.push(...rowProblems(burst, byUid), ...customerProblems(burst, byUid));
  if (!(await controlGetsThrough(pipeline, prefix, settleMs))) {
    report.stalls += 1;
    report.problems.push(`${burst.kind}: the control booking sent after the burst was not applied within ${settleMs} ms`);
  }
  const stale = await pollUntil(
    'the burst keys removed',
    async () => {
      const exists = await Promise.all(cacheKeys.map((k) => pipeline.redis.exists(k)));
      return cacheKeys.filter((_, i) => exists[i] === 1);
    },
    (left) => left.length === 0,
    { timeoutMs: settleMs, intervalMs: 100 },
  ).catch(() => cacheKeys);
  if (stale.length > 0) report.problems.push(`${burst.kind}: ${stale.length} cache keys still stale`);
  return eventIds;
}

export async function runDataChaos(options: DataChaosOptions): Promise<DataChaosReport> {
  const settleMs = options.settleMs ?? 60_000;
  const pipeline = await startFuzzPipeline(
    options.stack,
    { calcomSecret: KEYS.calcomSecret, retellKey: KEYS.retellKey },
    options.ports,
  );
  const report: DataChaosReport = Object.fromEntries(
    options.kinds.map((kind) => [kind, { cases: 0, accepted: 0, refused: 0, parked: 0, stalls: 0, problems: [] }]),
  );
  const accepted: { kind: string; eventIds: Set<string> }[] = [];
  try {
    const run = Date.now().toString(36);
    for (let round = 0; round < options.rounds; round++) {
      for (const [i, kind] of options.kinds.entries()) {
        const entry = report[kind] as KindReport;
        const prefix = `dc-${run}-${round}-${i}`;
        const burst = buildBurst(kind, KEYS, prefix, Date.now());
        accepted.push({ kind, eventIds: await runBurst(pipeline, burst, prefix, entry, settleMs) });
      }
    }
    // The DLQ is read once, after every burst: every burst here must be applied, so any of its
    // records there (dead-lettered or parked) is a record a correct pipeline would have applied.
    const parked = await parkedEventIds(pipeline);
    for (const { kind, eventIds } of accepted) {
      const entry = report[kind] as KindReport;
      const count = [...eventIds].filter((id) => parked.has(id)).length;
      entry.parked += count;
      if (count > 0) entry.problems.push(`${kind}: ${count} accepted webhooks were parked or dead-lettered`);
    }
    return report;
  } finally {
    await pipeline.stop();
  }
}
