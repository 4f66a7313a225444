// One chaos scenario on a running private pipeline: seed cache keys, drive the planned load,
// inject the fault a third of the way in, hold it, heal it, finish the load, wait for quiet,
// then judge: the ledger against the rows, the seeded keys, `verify`, the lag and the counters.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecord } from '@booking/booker';
import { appointmentKey } from '@booking/shared/cache';
import { readTopicsToEnd, TOPICS } from '@booking/shared/kafka';
import { createSchemaRegistry } from '@booking/shared/registry';
import { runVerify } from '../../packages/cli/src/verify/run-verify.ts';
import { CHAOS_KEYS, type ChaosPipeline } from './chaos-pipeline.ts';
import { type Buckets, p99Between, parseBuckets } from './latency.ts';
import { runLoadInWorker, versionOf } from './load.ts';
import {
  CHANGE_TOPICS,
  committedOffsets,
  counter,
  endOffsets,
  isReady,
  lagOf,
  retrying,
  SOURCE_TOPICS,
  until,
} from './observe.ts';
import { planLoad } from './plan.ts';
import type { Scenario } from './scenarios.ts';
import { sampleStalls } from './stall-sampler.ts';
import { type FinalRow, isAck, judgeRun, type LedgerEntry, type Verdict } from './verdict.ts';

export interface ChaosOptions {
  rate: number;
  durationS: number;
  holdS: number;
  versions: number;
  quietTimeoutS: number;
  registryUrl: string;
  /** A 2xx slower than this fails the scenario (the multi-broker promise: 1 s). */
  maxAnswerMs?: number;
  /** Writes each scenario's ledger and the pipeline's log (with the scenario's steps) here. */
  recordDir?: string;
}

export interface ScenarioResult extends Verdict {
  scenario: string;
  /** Heal → every service ready and everything produced before the heal consumed, in ms. */
  recoverMs: number | undefined;
  /** Load end → both groups at lag 0, in ms (undefined: not within the bound). */
  quietMs: number | undefined;
  /** Acknowledged requests whose record is not on the source topic. */
  notOnTopic: number;
  /** p99 of request → invalidated from the fault until recovered, a bucket bound in ms. */
  eventP99Ms: number | undefined;
  verifyMismatches: number;
  /**
   * Ingest 2xx (ledger) vs the booker's applied+duplicate+stale counter over the scenario, when
   * one booker process saw it all: every acknowledged record counted at least once (more after a
   * redelivery, which the processed-event ledger turns into "duplicate").
   */
  counters: { ingest2xx: number; bookerOutcomes: number | undefined; reconciled: boolean | undefined };
  restarts: Record<string, number>;
  failures: string[];
}

const RUN = Date.now().toString(36);
const quietGroups = (p: ChaosPipeline) => [
  { group: p.groups.booker, topics: SOURCE_TOPICS },
  { group: p.groups.invalidator, topics: CHANGE_TOPICS },
];

async function lagZero(p: ChaosPipeline): Promise<boolean> {
  for (const { group, topics } of quietGroups(p)) {
    if (lagOf(await endOffsets(p.client, topics), await committedOffsets(p.client, group, topics)) > 0n) return false;
  }
  return true;
}

const invalidatedBuckets = async (p: ChaosPipeline): Promise<Buckets> => {
  const text = await fetch(`${p.urls.invalidator}/metrics`, { signal: AbortSignal.timeout(3000) }).then(
    (r) => r.text(),
    () => '',
  );
  return parseBuckets(text, 'pipeline_latency_seconds', 'stage="invalidated"');
};

const allReady = async (p: ChaosPipeline) => (await Promise.all(Object.values(p.urls).map((u) => isReady(u)))).every(Boolean);

/** Nothing left in the ingest's spool (what it accepted while Kafka was away is on the topic). */
const spoolEmpty = async (p: ChaosPipeline) => (await counter(p.urls.ingest, 'ingest_spool_bytes', {})) === 0;

const OUTCOMES = ['applied', 'duplicate', 'stale', 'invalid'] as const;
type OutcomeCounts = Record<(typeof OUTCOMES)[number], number | undefined>;

async function outcomeCounts(p: ChaosPipeline): Promise<OutcomeCounts> {
  const counts = {} as OutcomeCounts;
  for (const outcome of OUTCOMES) counts[outcome] = await counter(p.urls.booker, 'booker_records_total', { outcome: [outcome] });
  return counts;
}

/** applied + duplicate + stale: every acknowledged record must be among them at least once. */
function handled(c: OutcomeCounts): number | undefined {
  if (c.applied === undefined || c.duplicate === undefined || c.stale === undefined) return undefined;
  return c.applied + c.duplicate + c.stale;
}

/** What the counters' failure message needs to be read: each outcome, and the records on the topics. */
async function countersDetail(
  p: ChaosPipeline,
  prefix: string,
  since: number,
  counts: { before: OutcomeCounts; after: OutcomeCounts },
  ledger: LedgerEntry[],
) {
  const outcomes = OUTCOMES.map((o) => `${o} +${(counts.after[o] ?? Number.NaN) - (counts.before[o] ?? Number.NaN)}`);
  const perUid = new Map<string, number>();
  await readTopicsToEnd(p.client, {
    topics: SOURCE_TOPICS,
    since,
    onRecord: (r) => {
      if (r.key?.startsWith(`${prefix}-`)) perUid.set(r.key, (perUid.get(r.key) ?? 0) + 1);
    },
  }).catch(() => undefined);
  const onTopics = [...perUid.values()].reduce((a, b) => a + b, 0);
  const short: string[] = [];
  const acked = new Map<string, LedgerEntry[]>();
  for (const e of ledger) if (isAck(e.status)) acked.set(e.uid, [...(acked.get(e.uid) ?? []), e]);
  for (const [uid, entries] of acked) {
    if ((perUid.get(uid) ?? 0) < entries.length)
      short.push(
        `${uid}: ${perUid.get(uid) ?? 0} on topic, acked ${entries.map((e) => `v${e.version}@${e.startedAt - since}ms/${Math.round(e.ms)}ms/${e.status}`).join(' ')}`,
      );
  }
  return `${outcomes.join(', ')}; ${onTopics} records of this scenario on the source topics; ${short.join('; ')}`;
}

/**
 * Acknowledged (UID, version) pairs with no record on the source topics: a 2xx the ingest gave
 * for a record Kafka never appended (#20). Checked on the topic itself, not only on the rows, so
 * that a lost version hidden by a newer one (the row holds the newer) still counts.
 */
async function missingFromTopic(
  p: ChaosPipeline,
  registryUrl: string,
  prefix: string,
  since: number,
  ledger: LedgerEntry[],
  baseMs: number,
) {
  const registry = createSchemaRegistry(registryUrl);
  const onTopic = new Set<string>();
  await readTopicsToEnd(p.client, {
    topics: SOURCE_TOPICS,
    since,
    async onRecord(r) {
      if (!r.key?.startsWith(`${prefix}-`)) return;
      const decoded = await decodeRecord(registry, { calcom: TOPICS.calcom, retell: TOPICS.retell }, r);
      if (decoded.kind === 'calcom') onTopic.add(`${r.key}/${versionOf(decoded.value.version, baseMs)}`);
    },
  });
  return ledger.filter((e) => isAck(e.status) && !onTopic.has(`${e.uid}/${e.version}`));
}

async function finalRows(p: ChaosPipeline, prefix: string): Promise<Map<string, FinalRow>> {
  const rows = (await p.orm.em
    .getConnection()
    .execute(
      'select booking_uid as uid, count(*) as n, max(version) as v from appointments where booking_uid like ? group by booking_uid',
      [`${prefix}-%`],
    )) as { uid: string; n: number; v: number | string }[];
  return new Map(rows.map((r) => [r.uid, { count: Number(r.n), version: Number(r.v) }]));
}

async function staleKeys(p: ChaosPipeline, ledger: LedgerEntry[], rows: Map<string, FinalRow>, baseMs: number, seededAt: number) {
  // a booking whose final version was first sent after the keys were seeded must have lost its key
  const firstSent = new Map<string, number>();
  for (const e of ledger) {
    const key = `${e.uid}/${e.version}`;
    firstSent.set(key, Math.min(firstSent.get(key) ?? Number.POSITIVE_INFINITY, e.startedAt));
  }
  const stale = new Set<string>();
  for (const [uid, row] of rows) {
    const sentAt = firstSent.get(`${uid}/${versionOf(row.version, baseMs)}`);
    if (sentAt !== undefined && sentAt > seededAt && (await p.redis.exists(appointmentKey(uid))) === 1) stale.add(uid);
  }
  return stale;
}

export async function runScenario(p: ChaosPipeline, scenario: Scenario, options: ChaosOptions): Promise<ScenarioResult> {
  const prefix = `${scenario.name}-${RUN}`;
  const total = Math.max(1, Math.round(options.rate * options.durationS));
  const uids = Math.max(1, Math.round(total / (options.versions * 1.1)));
  const sends = planLoad({ prefix, uids, versions: options.versions, duplicateShare: 0.1, reorderShare: 0.15, seed: total });
  const baseMs = Date.UTC(2026, 0, 1) + (Date.now() % 1_000_000) * 1000;
  const restartsBefore = { booker: p.supervisor.restarts('booker') };
  const outcomesBefore = await outcomeCounts(p);
  const startedAt = Date.now();
  const failures: string[] = [];
  let seededAt = 0;
  let recoverMs: number | undefined;
  let eventP99Ms: number | undefined;
  let faultDone: Promise<void> = Promise.resolve();
  const seed = async () => {
    seededAt = Date.now();
    const pipeline = p.redis.pipeline();
    for (let u = 0; u < uids; u++) pipeline.set(appointmentKey(`${prefix}-${u}`), 'seeded-before-the-fault');
    await pipeline.exec();
  };
  const fault = async () => {
    await seed();
    const bucketsBefore = await invalidatedBuckets(p);
    p.note(`${scenario.name}: fault`);
    await scenario.inject(p);
    await new Promise((r) => setTimeout(r, Math.max(options.holdS * 1000, scenario.minHoldMs ?? 0)));
    p.note(`${scenario.name}: heal`);
    await scenario.heal(p);
    const healedAt = Date.now();
    p.note(`${scenario.name}: healed`);
    const backlog = await retrying(() => endOffsets(p.client, SOURCE_TOPICS));
    const recovered = await until(
      async () => (await allReady(p)) && lagOf(backlog, await committedOffsets(p.client, p.groups.booker, SOURCE_TOPICS)) === 0n,
      options.quietTimeoutS * 1000,
    );
    recoverMs = recovered ? Date.now() - healedAt : undefined;
    p.note(`${scenario.name}: recovered`);
    eventP99Ms = p99Between(bucketsBefore, await invalidatedBuckets(p));
    if (!recovered) failures.push(`not recovered within ${options.quietTimeoutS} s of the heal`);
  };
  await scenario.prepare?.(p);
  const stalls = options.recordDir ? sampleStalls(p.urls.ingest) : undefined;
  p.note(`${scenario.name}: load starts`);
  const faultAt = Math.floor(sends.length / 3);
  const { ledger, loopMaxMs } = await runLoadInWorker(
    { url: p.urls.ingest, secret: CHAOS_KEYS.calcomSecret, rate: options.rate, baseMs },
    sends,
    (i) => {
      if (i === faultAt) faultDone = fault().catch((error: unknown) => void failures.push(`fault: ${String(error)}`));
    },
  );
  await faultDone;
  const loadEnd = Date.now();
  p.note(`${scenario.name}: load ended`);
  const quiet = await until(
    async () => (await allReady(p)) && (await spoolEmpty(p)) && (await lagZero(p)),
    options.quietTimeoutS * 1000,
    500,
  );
  const quietMs = quiet ? Date.now() - loadEnd : undefined;
  if (!quiet) failures.push(`lag not back to 0 within ${options.quietTimeoutS} s of the load's end`);

  if (options.recordDir) {
    mkdirSync(options.recordDir, { recursive: true });
    writeFileSync(
      join(options.recordDir, `${prefix}.json`),
      JSON.stringify({ startedAt, ledger, log: p.log, stalls: stalls?.stop(), loadWorkerLoopMaxMs: loopMaxMs }),
    );
  }
  const rows = await finalRows(p, prefix);
  // the ledger holds version indices, the rows record versions (createdAt)
  const rowsInVersions = new Map([...rows].map(([uid, row]) => [uid, { ...row, version: versionOf(row.version, baseMs) }]));
  const verdict = judgeRun(ledger, rowsInVersions, await staleKeys(p, ledger, rows, baseMs, seededAt));
  const notOnTopic = await missingFromTopic(p, options.registryUrl, prefix, startedAt - 60_000, ledger, baseMs);
  const verify = await runVerify({
    kafka: p.client,
    registry: createSchemaRegistry(options.registryUrl),
    orm: p.orm,
    topics: { calcom: TOPICS.calcom, retell: TOPICS.retell },
  });
  const restarted = p.supervisor.restarts('booker') > restartsBefore.booker || scenario.name.includes('booker');
  const outcomesAfter = await outcomeCounts(p);
  const [handledBefore, handledAfter] = [handled(outcomesBefore), handled(outcomesAfter)];
  const bookerDelta = handledAfter !== undefined && handledBefore !== undefined ? handledAfter - handledBefore : undefined;
  const counters = {
    ingest2xx: verdict.acknowledged,
    bookerOutcomes: restarted ? undefined : bookerDelta,
    reconciled: restarted ? undefined : bookerDelta !== undefined && bookerDelta >= verdict.acknowledged,
  };
  for (const [rule, n] of Object.entries({
    lost: verdict.lost,
    'acknowledged, not on the source topic': notOnTopic.length,
    duplicated: verdict.duplicated,
    'wrong final state': verdict.wrongFinalState,
    phantom: verdict.phantom,
    'stale cache keys': verdict.staleCacheKeys,
    'verify mismatches': verify.mismatches.length,
  })) {
    if (n > 0) failures.push(`${rule}: ${n}`);
  }
  const slowest = Math.max(0, ...ledger.filter((e) => isAck(e.status)).map((e) => e.ms));
  if (options.maxAnswerMs !== undefined && slowest > options.maxAnswerMs) {
    failures.push(`a 2xx took ${Math.round(slowest)} ms (bound ${options.maxAnswerMs} ms)`);
  }
  if (counters.reconciled === false)
    failures.push(
      `counters: ${verdict.acknowledged} acknowledged, booker counted ${bookerDelta} (${await countersDetail(p, prefix, startedAt, { before: outcomesBefore, after: outcomesAfter }, ledger)})`,
    );
  return {
    scenario: scenario.name,
    ...verdict,
    notOnTopic: notOnTopic.length,
    recoverMs,
    quietMs,
    eventP99Ms,
    verifyMismatches: verify.mismatches.length,
    counters,
    restarts: Object.fromEntries(['ingest', 'booker', 'cache-invalidator'].map((s) => [s, p.supervisor.restarts(s)])),
    failures,
  };
}
