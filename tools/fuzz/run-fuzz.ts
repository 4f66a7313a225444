// The fuzz run: N malformed requests against a real ingest process, then undecodable records
// written straight to the topics, then the checks. Returns the report; fuzz.ts prints it and
// the integration test asserts on it.

import { appointmentKey } from '@booking/shared/cache';
import { RECORD_HEADERS } from '@booking/shared/events';
import { createRawProducer, DLQ_HEADERS, readTopicsToEnd } from '@booking/shared/kafka';
import { calcomSignature } from '@booking/shared/testing';
import { created } from '../../packages/cli/src/demo/webhooks.ts';
import { type FuzzCase, type FuzzKeys, fuzzCase } from './cases.ts';
import { type FuzzPipeline, type FuzzStack, startFuzzPipeline } from './fuzz-pipeline.ts';
import { type Answer, sendCase } from './send-case.ts';

export interface FuzzOptions {
  count: number;
  seed: number;
  concurrency: number;
  /** Only this category (CATEGORIES), e.g. to reproduce one finding. */
  category?: string;
  stack: FuzzStack;
  ports: [number, number, number];
  onProgress?: (done: number) => void;
}

export interface CategoryReport {
  sent: number;
  rejected4xxJson: number;
  accepted: number;
  violations: number;
}

export interface FuzzReport {
  requests: number;
  categories: Record<string, CategoryReport>;
  /** Up to 10 answers that broke the rules, with what was expected. */
  violations: { category: string; expect: string; status: number; failed?: string }[];
  ingestAlive: boolean;
  rss: { baselineBytes: number; peakBytes: number; finalBytes: number };
  acceptedEventIds: number;
  acceptedDeadLettered: number;
  poisonWritten: number;
  poisonDeadLettered: number;
  consumersKeptGoing: boolean;
}

const KEYS: FuzzKeys = { calcomSecret: 'fuzz-calcom-secret', retellKey: 'fuzz-retell-key' };

function judge(fuzz: FuzzCase, answer: Answer): boolean {
  if (answer.failed) return false;
  const rejected = answer.status >= 400 && answer.status < 500 && answer.jsonError;
  return fuzz.expect === 'reject' ? rejected : rejected || answer.status === 202;
}

async function sendAll(pipeline: FuzzPipeline, options: FuzzOptions, report: FuzzReport, accepted: Set<string>) {
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      const i = next++;
      const fuzz = fuzzCase(options.seed, i, KEYS, Date.now(), options.category);
      const answer = await sendCase(pipeline.url, fuzz);
      const entry = report.categories[fuzz.category] ?? { sent: 0, rejected4xxJson: 0, accepted: 0, violations: 0 };
      report.categories[fuzz.category] = entry;
      entry.sent += 1;
      if (answer.status >= 400 && answer.status < 500 && answer.jsonError) entry.rejected4xxJson += 1;
      if (answer.status === 202 && answer.eventId) {
        entry.accepted += 1;
        accepted.add(answer.eventId);
      }
      if (!judge(fuzz, answer)) {
        entry.violations += 1;
        if (report.violations.length < 10)
          report.violations.push({ category: fuzz.category, expect: fuzz.expect, status: answer.status, failed: answer.failed });
      }
      report.requests += 1;
      options.onProgress?.(1);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

async function producePoison(pipeline: FuzzPipeline): Promise<number> {
  const producer = createRawProducer(pipeline.kafka);
  await producer.connect();
  const values = [
    Buffer.from('not an avro record'),
    Buffer.from([0x01, 0xff, 0xfe]),
    Buffer.alloc(0),
    Buffer.from('{"bookingUid":"x"}'),
  ];
  const messages = values.map((value, i) => ({ key: `poison-${i}`, value }));
  try {
    for (const topic of [pipeline.topics.calcom, pipeline.topics.retell, pipeline.topics.changes]) {
      await producer.send({ topic, messages });
    }
  } finally {
    await producer.disconnect();
  }
  return values.length * 3;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  process.stderr.write(`fuzz: ${what} did not happen within ${timeoutMs / 1000} s\n`);
  return false;
}

/** A valid booking after the poison: consumers that stopped on a poison record never apply it. */
async function canaryGetsThrough(pipeline: FuzzPipeline): Promise<boolean> {
  const uid = `fuzz-canary-${Date.now().toString(36)}`;
  const cacheKey = `${pipeline.keyPrefix}${appointmentKey(uid)}`;
  await pipeline.redis.set(cacheKey, 'stale');
  const body = JSON.stringify(created({ uid, start: new Date(Date.UTC(2026, 5, 1, 9)) }, new Date()));
  const response = await fetch(`${pipeline.url}/webhooks/calcom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cal-signature-256': calcomSignature(body, KEYS.calcomSecret) },
    body,
  });
  if (response.status !== 202) return false;
  const applied = await waitUntil('the canary booking row', async () => (await pipeline.countRows(uid)) === 1, 60_000);
  const invalidated = await waitUntil(
    'the canary cache key removal',
    async () => (await pipeline.redis.exists(cacheKey)) === 0,
    60_000,
  );
  return applied && invalidated;
}

async function readDlq(pipeline: FuzzPipeline): Promise<{ eventIds: Set<string>; poison: number }> {
  const eventIds = new Set<string>();
  let poison = 0;
  await readTopicsToEnd(pipeline.kafka, {
    topics: [pipeline.topics.dlq],
    onRecord(record) {
      const eventId = record.headers[RECORD_HEADERS.eventId];
      if (eventId) eventIds.add(eventId);
      if (record.key?.startsWith('poison-') && record.headers[DLQ_HEADERS.sourceTopic]) poison += 1;
    },
  });
  return { eventIds, poison };
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const pipeline = await startFuzzPipeline(options.stack, KEYS, options.ports);
  const report: FuzzReport = {
    requests: 0,
    categories: {},
    violations: [],
    ingestAlive: false,
    rss: { baselineBytes: pipeline.ingestRss(), peakBytes: 0, finalBytes: 0 },
    acceptedEventIds: 0,
    acceptedDeadLettered: 0,
    poisonWritten: 0,
    poisonDeadLettered: 0,
    consumersKeptGoing: false,
  };
  const sampler = setInterval(() => {
    if (pipeline.ingest.exitCode === null) report.rss.peakBytes = Math.max(report.rss.peakBytes, pipeline.ingestRss());
  }, 200);
  try {
    const accepted = new Set<string>();
    await sendAll(pipeline, options, report, accepted);
    report.ingestAlive =
      pipeline.ingest.exitCode === null &&
      (await fetch(`${pipeline.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
    if (report.ingestAlive) report.rss.finalBytes = pipeline.ingestRss();
    report.poisonWritten = await producePoison(pipeline);
    report.consumersKeptGoing = report.ingestAlive && (await canaryGetsThrough(pipeline));
    await waitUntil(
      'every poison record in the DLQ',
      async () => (await readDlq(pipeline)).poison >= report.poisonWritten,
      60_000,
    );
    const dlq = await readDlq(pipeline);
    report.poisonDeadLettered = dlq.poison;
    report.acceptedEventIds = accepted.size;
    report.acceptedDeadLettered = [...accepted].filter((id) => dlq.eventIds.has(id)).length;
    return report;
  } finally {
    clearInterval(sampler);
    await pipeline.stop();
  }
}

/** The verdict: every rule the fuzz suite checks, as failed-rule messages (empty = pass). */
export function fuzzFailures(report: FuzzReport, maxRssBytes: number): string[] {
  const failures: string[] = [];
  const violations = Object.values(report.categories).reduce((n, c) => n + c.violations, 0);
  if (violations > 0) failures.push(`${violations} answers were not a 4xx with a JSON error (or a 202 where allowed)`);
  if (!report.ingestAlive) failures.push('the ingest did not survive');
  if (report.rss.peakBytes > maxRssBytes)
    failures.push(`ingest RSS peaked at ${mb(report.rss.peakBytes)} MB (limit ${mb(maxRssBytes)} MB)`);
  if (report.acceptedDeadLettered > 0) failures.push(`${report.acceptedDeadLettered} accepted webhooks were dead-lettered`);
  if (report.poisonDeadLettered < report.poisonWritten)
    failures.push(`${report.poisonDeadLettered} of ${report.poisonWritten} undecodable records reached the DLQ`);
  if (!report.consumersKeptGoing) failures.push('a valid booking sent after the poison records was not applied and invalidated');
  return failures;
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
