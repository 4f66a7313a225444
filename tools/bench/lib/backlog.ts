// Backlogs of source records produced straight to Kafka (no HTTP), for the consumer scenarios,
// and polling a service's counters until it has handled them.
import { type BookingStateV1, bookingStateV1 } from '@booking/shared/events';
import { createRecordProducer, type Kafka } from '@booking/shared/kafka';
import { createAvroCodec, createSchemaRegistry } from '@booking/shared/registry';
import { STACK } from '@booking/shared/testing';

export const registry = createSchemaRegistry(STACK.schemaRegistryUrl);

/** Version v of booking i; the last version cancels it. */
export function bookingState(id: string, i: number, v: number, versions: number): BookingStateV1 {
  const start = Date.UTC(2026, 8, 1) + (i % 2000) * 3_600_000;
  const last = v === versions;
  return {
    eventId: `${id}-e${i}-${v}`,
    trigger: last ? 'BOOKING_CANCELLED' : 'BOOKING_CREATED',
    version: 1_700_000_000_000 + v,
    receivedAt: Date.now(),
    bookingUid: `${id}-b${i}`,
    status: last ? 'CANCELLED' : 'ACCEPTED',
    calcomBookingId: i + 1, // ids are positive (the field table's limits)
    eventTypeId: 1 + (i % 20),
    eventTypeSlug: 'consultation',
    teamId: 1 + (i % 5),
    title: `Consultation ${i}`,
    startTime: start,
    endTime: start + 1_800_000,
    organizer: { email: 'host@example.com', name: 'Host', timeZone: 'Europe/Berlin' },
    attendee: { name: `Client ${i % 5000}`, email: `client${i % 5000}@example.com`, phone: null, timeZone: 'Europe/Berlin' },
    location: 'integrations:daily',
    rescheduledFromUid: null,
    rescheduleStartTime: null,
    rescheduleEndTime: null,
    cancellationReason: last ? 'changed plans' : null,
    retellCallId: null,
    rawPayload: '{}',
  };
}

/** Partition order per UID is version order: v1 of every UID, then v2, … */
export function* bookingStates(id: string, uids: number, versions: number): Generator<BookingStateV1> {
  for (let v = 1; v <= versions; v++) for (let i = 0; i < uids; i++) yield bookingState(id, i, v, versions);
}

export async function produceBookings(kafka: Kafka, topic: string, states: Iterable<BookingStateV1>): Promise<number> {
  const codec = await createAvroCodec<BookingStateV1>(registry, bookingStateV1.subject, bookingStateV1.schema);
  const producer = createRecordProducer(kafka);
  await producer.connect();
  let chunk: BookingStateV1[] = [];
  let n = 0;
  const send = async () => {
    await producer.send(
      await Promise.all(
        chunk.map(async (b) => ({
          topic,
          key: b.bookingUid,
          value: await codec.encode(b),
          headers: { 'received-at': String(b.receivedAt) },
        })),
      ),
    );
    n += chunk.length;
    chunk = [];
  };
  for (const s of states) {
    chunk.push(s);
    if (chunk.length >= 2000) await send();
  }
  await send();
  await producer.disconnect();
  return n;
}

/** Sum of a counter family on a /metrics page (all label sets, or those matching `filter`). */
export async function counterSum(url: string, name: string, filter?: RegExp): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (filter && !filter.test(line)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * Polls until `count()` reaches `total`; returns the drain rate measured from the first handled
 * record (start-up and group join excluded) to the last, and the whole time.
 */
export async function drainRate(count: () => Promise<number>, total: number, timeoutMs = 600_000) {
  const t0 = performance.now();
  let firstAt = 0;
  let firstCount = 0;
  for (;;) {
    const n = await count();
    const now = performance.now();
    if (n > 0 && firstAt === 0) {
      firstAt = now;
      firstCount = n;
    }
    if (n >= total) {
      const seconds = (now - firstAt) / 1000;
      return { perSecond: seconds > 0 ? (total - firstCount) / seconds : Number.NaN, totalSeconds: (now - t0) / 1000 };
    }
    if (now - t0 > timeoutMs) throw new Error(`only ${n} of ${total} handled within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
