// Kafka down: a scratch broker (own ports, own data dir — never the shared one) is stopped and
// started again. A 202 must mean "in Kafka or fsync'd in the spool", and the spool must reach the
// topic once Kafka is back, every record exactly once, also across an ingest restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CALCOM_SECRET,
  calcomBooking,
  calcomHeaders,
  post,
  readTopic,
  startTestIngest,
  type TestIngest,
} from '@booking/ingest/testing';
import type { BookingStateV1 } from '@booking/shared/events';
import { uniqueName } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedScratchKafka, startScratchKafka } from '../../tools/stack/start-scratch-kafka.ts';

const sendCalcom = (ingest: TestIngest, uid: string, createdAt?: string) => {
  const body = JSON.stringify(calcomBooking(uid, 'BOOKING_CREATED', createdAt));
  return post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, CALCOM_SECRET));
};

let scratch: StartedScratchKafka;
const running: TestIngest[] = [];
const start = async (options: Parameters<typeof startTestIngest>[0] = {}) => {
  const ingest = await startTestIngest({ brokers: scratch.brokers, ...options });
  running.push(ingest);
  return ingest;
};

beforeAll(async () => {
  scratch = await startScratchKafka('ingest');
}, 120_000);

afterAll(async () => {
  for (const ingest of running) await ingest.stop();
  await scratch?.remove();
}, 120_000);

describe('ingest while Kafka is down', () => {
  it('when Kafka stops, then webhooks get 202 spooled, and once it is back every record is on the topic once', async () => {
    const ingest = await start();
    const before = await sendCalcom(ingest, 'uid-before');
    await scratch.stop();

    const during = await Promise.all(Array.from({ length: 20 }, (_, i) => sendCalcom(ingest, `uid-during-${i}`)));
    const readyWhileDown = await (await fetch(`${ingest.url}/readyz`)).json();
    const metricsWhileDown = await (await fetch(`${ingest.url}/metrics`)).text();
    await scratch.start();
    await ingest.app.spoolDrained();
    const after = await sendCalcom(ingest, 'uid-after');

    expect(before.status).toBe(202);
    expect(before.body.spooled).toBeUndefined();
    expect(during.map((r) => [r.status, r.body.spooled])).toEqual(during.map(() => [202, true]));
    expect(readyWhileDown).toMatchObject({ status: 'ready', kafka: 'unavailable' });
    expect(metricsWhileDown).toContain('ingest_spooled_records_total 20');
    expect(metricsWhileDown).toMatch(/ingest_spool_bytes [1-9]/);
    expect(after).toMatchObject({ status: 202, body: { status: 'accepted' } });
    expect(after.body.spooled).toBeUndefined();
    const onTopic = await readTopic<BookingStateV1>(ingest.kafka, ingest.topics.calcom);
    const sentIds = [before, ...during, after].map((r) => r.body.eventId).sort();
    expect(onTopic.map((r) => r.value.eventId).sort()).toEqual(sentIds);
  }, 180_000);

  it('when the spool is full or disabled and Kafka is down, then 503 with Retry-After, and only the 202s reach the topic', async () => {
    const small = await start({ env: { INGEST_SPOOL_MAX_BYTES: '12000' } });
    const disabled = await start({ env: { INGEST_SPOOL_MAX_BYTES: '0' } });
    await scratch.stop();

    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await sendCalcom(small, `uid-small-${i}`));
    const refused = await sendCalcom(disabled, 'uid-disabled');
    const readyWhileFull = await fetch(`${small.url}/readyz`);
    await scratch.start();
    await small.app.spoolDrained();

    const spooled = answers.filter((a) => a.status === 202);
    const full = answers.find((a) => a.status === 503);
    expect(spooled.length).toBeGreaterThan(0);
    expect(spooled.every((a) => a.body.spooled === true)).toBe(true);
    expect(full?.body).toEqual({ error: 'SPOOL_FULL', message: 'the webhook could not be stored; retry later', details: [] });
    expect(full?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(readyWhileFull.status).toBe(503);
    const onTopic = await readTopic<BookingStateV1>(small.kafka, small.topics.calcom);
    expect(onTopic.map((r) => r.value.eventId).sort()).toEqual(spooled.map((a) => a.body.eventId).sort());
  }, 180_000);

  it('when the ingest restarts with records in its spool, then the new instance drains them in order', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'ingest-restart-spool-'));
    const topics = { calcom: uniqueName('t-ingest-calcom'), retell: uniqueName('t-ingest-retell') };
    const first = await startTestIngest({ brokers: scratch.brokers, spoolDir, topics });
    await scratch.stop();
    const spooled = [];
    // one booking, five versions: they share a partition, so the topic order is the drain order
    for (let i = 0; i < 5; i++) spooled.push(await sendCalcom(first, 'uid-restart', `2025-03-10T09:13:0${i}.000Z`));
    await first.stop();
    await scratch.start();

    const second = await start({ spoolDir, topics });
    await second.app.spoolDrained();

    expect(spooled.map((r) => r.body.spooled)).toEqual([true, true, true, true, true]);
    const onTopic = await readTopic<BookingStateV1>(second.kafka, topics.calcom);
    expect(onTopic.map((r) => r.value.eventId)).toEqual(spooled.map((r) => r.body.eventId));
    expect(onTopic.map((r) => r.value.version)).toEqual([0, 1, 2, 3, 4].map((s) => Date.UTC(2025, 2, 10, 9, 13, s)));
    rmSync(spoolDir, { recursive: true, force: true });
  }, 180_000);

  it('when an ingest that ran once restarts while Kafka is down, then it starts degraded, spools, and drains once Kafka is back', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'ingest-degraded-spool-'));
    const topics = { calcom: uniqueName('t-ingest-calcom'), retell: uniqueName('t-ingest-retell') };
    const first = await startTestIngest({ brokers: scratch.brokers, spoolDir, topics });
    await first.stop();
    await scratch.stop();

    const degraded = await start({ spoolDir, topics });
    const spooled = await Promise.all(Array.from({ length: 5 }, (_, i) => sendCalcom(degraded, `uid-degraded-${i}`)));
    const readyWhileDown = await (await fetch(`${degraded.url}/readyz`)).json();
    await scratch.start();
    await degraded.app.spoolDrained();

    expect(spooled.map((r) => [r.status, r.body.spooled])).toEqual(spooled.map(() => [202, true]));
    expect(readyWhileDown).toMatchObject({ status: 'ready', kafka: 'unavailable' });
    const onTopic = await readTopic<BookingStateV1>(degraded.kafka, topics.calcom);
    expect(onTopic.map((r) => r.value.eventId).sort()).toEqual(spooled.map((r) => r.body.eventId).sort());
    rmSync(spoolDir, { recursive: true, force: true });
  }, 180_000);

  it('when an ingest starts for the first time while Kafka is down, then start fails saying the first start needs Kafka and the registry', async () => {
    await scratch.stop();

    const failed = startTestIngest({ brokers: scratch.brokers });

    await expect(failed).rejects.toMatchObject({
      code: 'FIRST_START_UNREACHABLE',
      message: expect.stringContaining('the first start needs Kafka and the schema registry reachable'),
    });
    await scratch.start();
  }, 180_000);
});
