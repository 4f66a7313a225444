// Whole-pipeline latency for the closing note of issue 5: signed Cal.com webhooks POSTed at a
// steady rate to the real ingest (HTTP), applied by the real booker (scratch MariaDB database),
// and invalidated by the real cache invalidator — all in this process, on unique topics.
// Measured per booking: the ingest's receivedAt (carried through BookingState and
// AppointmentChange) -> the moment the invalidator's UNLINK pipeline for it returned.

import { deferred, uniqueName } from '@booking/shared/testing';
import {
  createScratchDatabase,
  dropDatabase,
  scratchDatabaseUrl,
  stackClients,
  startBooker,
  uniqueTopics,
} from '../../services/booker/test/helpers.ts';
import { startInvalidator } from '../../services/cache-invalidator/test/harness.ts';
import { calcomBooking, calcomHeaders } from '../../services/ingest/test/fixtures/webhooks.ts';
import { CALCOM_SECRET, startTestIngest } from '../../services/ingest/test/helpers.ts';

export interface PipelineLatency {
  count: number;
  rejected: number;
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function measurePipelineLatency(options: { rate: number; seconds: number }): Promise<PipelineLatency> {
  const db = scratchDatabaseUrl();
  const orm = await createScratchDatabase(db.url());
  const { kafka, registry } = stackClients();
  const topics = uniqueTopics();
  const ingest = await startTestIngest({ topics: { calcom: topics.calcom, retell: topics.retell } });
  const booker = startBooker({ kafka, registry, orm, topics, groupId: uniqueName('bench-booker') });
  await booker.started;
  const latencies = new Map<string, number>();
  let expected = Number.POSITIVE_INFINITY;
  const done = deferred<void>();
  const invalidator = await startInvalidator({
    changesTopic: topics.changes,
    onBatch: (outcome) => {
      for (const c of outcome.changes) {
        if (c.receivedAt !== null && !latencies.has(c.bookingUid)) latencies.set(c.bookingUid, outcome.removedAt - c.receivedAt);
      }
      if (latencies.size >= expected) done.resolve();
    },
  });

  const send = async (uid: string) => {
    const body = JSON.stringify(calcomBooking(uid, 'BOOKING_CREATED', new Date().toISOString()));
    const res = await fetch(`${ingest.url}/webhooks/calcom`, {
      method: 'POST',
      body,
      headers: calcomHeaders(body, CALCOM_SECRET),
    });
    await res.arrayBuffer();
    return res.status;
  };
  try {
    // all three consumer groups must have joined before the clock starts
    const warmUp = uniqueName('warm');
    await send(warmUp);
    await invalidator.waitForBookings([warmUp], 60_000);
    latencies.clear();

    const total = options.rate * options.seconds;
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((options.rate * tickMs) / 1000));
    const statuses: Promise<number>[] = [];
    const start = performance.now();
    for (let i = 0, tick = 0; i < total; tick++) {
      for (let k = 0; k < perTick && i < total; k++, i++) statuses.push(send(uniqueName(`p${i}`)));
      const wait = start + (tick + 1) * tickMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const rejected = (await Promise.all(statuses)).filter((s) => s !== 202).length;
    expected = total - rejected;
    if (latencies.size >= expected) done.resolve();
    await done.promise;
    const sorted = [...latencies.values()].sort((a, b) => a - b);
    return {
      count: sorted.length,
      rejected,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? NaN,
    };
  } finally {
    await ingest.stop();
    await booker.stop();
    await invalidator.close();
    await orm.close();
    await dropDatabase(db.url());
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topics.calcom, topics.retell, topics.dlq] }).catch(() => undefined);
    await admin.disconnect();
  }
}
