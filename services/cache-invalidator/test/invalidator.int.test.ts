// The invalidator against the real stack: AppointmentChangeV1 records produced to a unique
// topic, keys seeded in the real Redis under a unique prefix, outcomes awaited as signals.

import type { ConsumedRecord } from '@booking/shared/kafka';
import { DLQ_HEADERS, readTopicsToEnd } from '@booking/shared/kafka';
import { Collector } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Harness, makeChange, startInvalidator } from './helpers.ts';

const MAR_3 = Date.UTC(2026, 2, 3, 10);
const MAR_5 = Date.UTC(2026, 2, 5, 9);

let h: Harness;
let nextEventType = 1000;

beforeAll(async () => {
  h = await startInvalidator();
});
afterAll(async () => {
  await h?.close();
});

interface Scenario {
  name: string;
  build(et: number): { changes: ReturnType<typeof makeChange>[]; due: string[]; unrelated: string[] };
}

const existingRow = (et: number) => ({ eventTypeId: et, previousEventTypeId: et, previousStartAt: MAR_3, previousCustomerId: 7 });

const scenarios: Scenario[] = [
  {
    name: 'an appointment is created',
    build: (et) => {
      const c = makeChange({ eventTypeId: et });
      return {
        changes: [c],
        due: [`appointment:${c.bookingUid}`, `availability:${et}:2026-03-03`, 'customer:7:appointments'],
        unrelated: [
          'appointment:someone-else',
          `availability:${et}:2026-03-04`,
          `availability:${et + 1}:2026-03-03`,
          'customer:8:appointments',
        ],
      };
    },
  },
  {
    name: 'an appointment is updated in place',
    build: (et) => {
      const c = makeChange({ ...existingRow(et), title: 'Renamed' });
      return {
        changes: [c],
        due: [`appointment:${c.bookingUid}`, `availability:${et}:2026-03-03`, 'customer:7:appointments'],
        unrelated: [`availability:${et}:2026-03-05`, 'customer:8:appointments'],
      };
    },
  },
  ...(['CANCELLED', 'REJECTED'] as const).map((status) => ({
    name: `an appointment is ${status.toLowerCase()}`,
    build: (et: number) => {
      const c = makeChange({ ...existingRow(et), status, cancellationReason: 'no longer needed' });
      return {
        changes: [c],
        due: [`appointment:${c.bookingUid}`, `availability:${et}:2026-03-03`, 'customer:7:appointments'],
        unrelated: [`availability:${et}:2026-03-05`, `availability:${et + 1}:2026-03-03`],
      };
    },
  })),
  {
    name: 'an appointment moves to another day',
    build: (et) => {
      const c = makeChange({ ...existingRow(et), startAt: MAR_5, endAt: MAR_5 + 1_800_000 });
      return {
        changes: [c],
        due: [`appointment:${c.bookingUid}`, `availability:${et}:2026-03-03`, `availability:${et}:2026-03-05`],
        unrelated: [`availability:${et}:2026-03-04`],
      };
    },
  },
  {
    name: 'an appointment changes event type and day',
    build: (et) => {
      const c = makeChange({ ...existingRow(et), eventTypeId: et + 1, startAt: MAR_5 });
      return {
        changes: [c],
        due: [`appointment:${c.bookingUid}`, `availability:${et}:2026-03-03`, `availability:${et + 1}:2026-03-05`],
        unrelated: [`availability:${et + 1}:2026-03-03`, `availability:${et}:2026-03-05`],
      };
    },
  },
  {
    name: 'an appointment changes customer',
    build: (et) => {
      const c = makeChange({ ...existingRow(et), customerId: 9, previousCustomerId: 8 });
      return {
        changes: [c],
        due: [`appointment:${c.bookingUid}`, 'customer:8:appointments', 'customer:9:appointments'],
        unrelated: ['customer:10:appointments'],
      };
    },
  },
  {
    name: 'a booking is rescheduled to a new UID (new row + old row RESCHEDULED)',
    build: (et) => {
      const oldRow = makeChange({ ...existingRow(et), status: 'RESCHEDULED' });
      const newRow = makeChange({ eventTypeId: et, startAt: MAR_5, rescheduledFromUid: oldRow.bookingUid });
      oldRow.rescheduledToUid = newRow.bookingUid;
      return {
        changes: [newRow, oldRow],
        due: [
          `appointment:${oldRow.bookingUid}`,
          `appointment:${newRow.bookingUid}`,
          `availability:${et}:2026-03-03`,
          `availability:${et}:2026-03-05`,
        ],
        unrelated: [`availability:${et}:2026-03-04`, `availability:${et + 1}:2026-03-05`],
      };
    },
  },
];

describe('cache invalidator, per change kind', () => {
  it.each(scenarios)('when $name, then the stale keys are gone, announced, and unrelated keys stay', async (scenario) => {
    const { changes, due, unrelated } = scenario.build(nextEventType);
    nextEventType += 10;
    await h.seed([...due, ...unrelated]);

    await h.produce(changes);
    await h.waitForBookings(changes.map((c) => c.bookingUid));

    expect(await h.existing(due)).toEqual([]);
    expect(await h.existing(unrelated)).toEqual(unrelated);
    await h.published.waitFor((keys) => due.every((k) => keys.includes(`${h.prefix}${k}`)), 10_000);
  });

  it('when a tombstone arrives for a booking, then its appointment key goes', async () => {
    await h.seed(['appointment:deleted-1', 'appointment:kept-1']);

    await h.produceRaw([{ key: 'deleted-1', value: null }]);
    await h.waitForBookings(['deleted-1']);

    expect(await h.existing(['appointment:deleted-1', 'appointment:kept-1'])).toEqual(['appointment:kept-1']);
  });
});

describe('cache invalidator, duplicates and poison records', () => {
  it('when the same change arrives three times, then its keys go and nothing else happens', async () => {
    const c = makeChange({ eventTypeId: 2000 });
    const due = [`appointment:${c.bookingUid}`, 'availability:2000:2026-03-03'];
    await h.seed([...due, 'availability:2000:2026-03-04']);
    const dlqBefore = h.outcomes.items.reduce((n, o) => n + o.dlq, 0);

    await h.produce([c, c]);
    await h.produce([c]);
    await h.outcomes.waitFor((items) => items.filter((o) => o.keys.includes(due[0] ?? '')).length >= 1);
    await h.outcomes.waitFor(
      (items) => items.flatMap((o) => (o.keys.includes(due[0] ?? '') ? [o.records] : [])).reduce((a, b) => a + b, 0) >= 3,
    );

    expect(await h.existing([...due, 'availability:2000:2026-03-04'])).toEqual(['availability:2000:2026-03-04']);
    expect(h.outcomes.items.reduce((n, o) => n + o.dlq, 0)).toBe(dlqBefore);
    expect(h.app.readiness()).toBeUndefined();
  });

  it('when a record is not an AppointmentChange, then it goes to the DLQ with its bytes and the next record is still processed', async () => {
    const next = makeChange({ eventTypeId: 3000 });
    await h.seed([`appointment:${next.bookingUid}`]);
    const garbage = Buffer.from('not avro at all');

    await h.produceRaw([{ key: 'poison-1', value: garbage }]);
    await h.produce([next]);
    await h.waitForBookings([next.bookingUid]);

    expect(await h.existing([`appointment:${next.bookingUid}`])).toEqual([]);
    const dead: ConsumedRecord[] = [];
    await readTopicsToEnd(h.kafka, { topics: [h.topics.dlq], onRecord: (r) => void dead.push(r) });
    expect(dead).toHaveLength(1);
    expect(dead[0]?.key).toBe('poison-1');
    expect(dead[0]?.value).toEqual(garbage);
    expect(dead[0]?.headers).toMatchObject({
      [DLQ_HEADERS.errorClass]: 'InvalidEventError',
      [DLQ_HEADERS.sourceTopic]: h.topics.changes,
      [DLQ_HEADERS.consumerGroup]: h.groupId,
    });
    const metrics = await h.metrics.metrics();
    expect(metrics).toMatch(/dlq_records_total\{reason="InvalidEventError"\} 1/);
  });

  it('when changes were handled, then /healthz, /readyz and /metrics answer with the invalidator metrics', async () => {
    const base = `http://127.0.0.1:${h.app.port()}`;

    const [health, ready, metrics] = await Promise.all([
      fetch(`${base}/healthz`),
      fetch(`${base}/readyz`),
      fetch(`${base}/metrics`),
    ]);

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/cache_keys_invalidated_total [1-9]/);
    expect(text).toMatch(/pipeline_latency_seconds_count\{stage="invalidated"\} [1-9]/);
    expect(text).toContain(`kafka_consumer_lag{topic="${h.topics.changes}"`);
    expect(text).toContain('cache_invalidation_errors_total 0');
    expect(text).toContain('cache_invalidator_build_info{');
  });

  it('when every change was handled, then kafka_consumer_group_lag from the broker is 0 on every partition of the topic', async () => {
    const change = makeChange();
    await h.produce([change]);
    await h.waitForBookings([change.bookingUid]);
    const seen = new Collector<string>();
    const poll = setInterval(async () => seen.push(await h.metrics.getSingleMetricAsString('kafka_consumer_group_lag')), 200);
    onTestFinished(() => clearInterval(poll));
    const zero = (p: number) => `kafka_consumer_group_lag{group="${h.groupId}",topic="${h.topics.changes}",partition="${p}"} 0`;

    const text = await seen.waitFor((items) => [0, 1].every((p) => items.at(-1)?.includes(zero(p))));

    expect(text.at(-1)).not.toMatch(/kafka_consumer_group_lag\{[^}]*\} [1-9]/);
  });
});
