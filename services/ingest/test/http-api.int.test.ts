// The HTTP API table of DESIGN.md, driven through real HTTP against the ingest built in-process
// on the real broker and registry; every produced record is read back from its topic.
import type { BookingStateV1, VoiceBookingV1 } from '@booking/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIdOf } from '../src/handlers/event-id.ts';
import { parseCalcomWebhook } from '../src/handlers/parse-calcom-webhook.ts';
import { signRetell } from '../src/handlers/verify-retell-signature.ts';
import {
  calcomBooking,
  calcomCancelled,
  calcomCreated,
  calcomHeaders,
  calcomRescheduled,
  retellAnalyzed,
  signCalcom,
} from './fixtures/webhooks.ts';
import { CALCOM_SECRET, post, readTopic, startTestIngest, type TestIngest } from './helpers.ts';

// after every fixture's createdAt: a createdAt ahead of the receiver's clock is refused
const NOW = Date.UTC(2025, 2, 15, 7, 2, 20);
const RETELL_KEY = 'test-api-key';
const clock = { now: NOW };
let ingest: TestIngest;

const sendCalcom = (envelope: unknown, secret = CALCOM_SECRET) => {
  const body = JSON.stringify(envelope);
  return post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, secret));
};
const sendRetell = (body: string, timestamp = clock.now, key = RETELL_KEY) =>
  post(`${ingest.url}/webhooks/retell`, body, {
    'content-type': 'application/json',
    'x-retell-signature': signRetell(body, key, timestamp),
  });
const calcomRecords = () => readTopic<BookingStateV1>(ingest.kafka, ingest.topics.calcom);

beforeAll(async () => {
  ingest = await startTestIngest({
    now: () => clock.now,
    env: { RETELL_API_KEY: RETELL_KEY, CALCOM_ALLOWED_TEAM_IDS: '42', CALCOM_ALLOWED_EVENT_TYPE_IDS: '900' },
  });
});
afterAll(() => ingest?.stop());

describe('POST /webhooks/calcom', () => {
  it('when each handled trigger arrives signed, then 202 and the record decoded from the topic equals what was sent', async () => {
    const triggers = [
      'BOOKING_CREATED',
      'BOOKING_REQUESTED',
      'BOOKING_CANCELLED',
      'BOOKING_REJECTED',
      'BOOKING_PAID',
      'BOOKING_PAYMENT_INITIATED',
    ];
    const envelopes = [...triggers.map((t, i) => calcomBooking(`uid-trigger-${i}`, t)), calcomRescheduled];

    const responses = await Promise.all(envelopes.map((e) => sendCalcom(e)));

    const expected = envelopes.map((e) => {
      const raw = Buffer.from(JSON.stringify(e));
      const parsed = parseCalcomWebhook(raw, { eventId: eventIdOf('calcom', raw), receivedAt: NOW });
      if (parsed.kind !== 'record') throw new Error('fixture is not a handled trigger');
      return parsed.record;
    });
    expect(responses.map((r) => r.status)).toEqual(envelopes.map(() => 202));
    expect(responses.map((r) => r.body)).toEqual(
      expected.map((r) => ({ status: 'accepted', bookingUid: r.bookingUid, eventId: r.eventId })),
    );
    const onTopic = await calcomRecords();
    for (const record of expected) {
      const found = onTopic.find((r) => r.value.eventId === record.eventId);
      expect(found?.value).toEqual(record);
      expect(found?.key).toBe(record.bookingUid);
      expect(found?.headers).toEqual({
        source: 'calcom',
        trigger: record.trigger,
        'event-id': record.eventId,
        'received-at': String(NOW),
      });
    }
  });

  it('when a reschedule arrives, then the record carries the old uid and the old slot', async () => {
    const response = await sendCalcom(calcomRescheduled);

    const record = (await calcomRecords()).find((r) => r.value.eventId === response.body.eventId);
    expect(record?.value).toMatchObject({
      bookingUid: 'Hq3mZt8WcK1vBn6YxR2pLd',
      rescheduledFromUid: 'n7Kq2VxW9bFjR4tLmP8sYc',
      rescheduleStartTime: Date.UTC(2025, 2, 14, 15, 0),
      rescheduleEndTime: Date.UTC(2025, 2, 14, 15, 30),
    });
  });

  it('when the same bytes are delivered twice, then both get 202 with the same event id', async () => {
    const envelope = calcomBooking('uid-duplicate');

    const first = await sendCalcom(envelope);
    const second = await sendCalcom(envelope);

    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.eventId).toBe(first.body.eventId);
    const copies = (await calcomRecords()).filter((r) => r.key === 'uid-duplicate');
    expect(copies.map((r) => r.headers['event-id'])).toEqual([first.body.eventId, first.body.eventId]);
  });

  it.each([
    ['PING', { triggerEvent: 'PING', createdAt: '2025-03-10T09:13:05.412Z', payload: { type: 'Test' } }],
    ['MEETING_ENDED', { triggerEvent: 'MEETING_ENDED', id: 1, uid: 'uid-meeting', eventTypeId: 812 }],
  ])('when the trigger is %s, then 200 ignored and nothing produced', async (trigger, envelope) => {
    const response = await sendCalcom(envelope);

    expect(response).toMatchObject({ status: 200, body: { status: 'ignored', reason: `trigger ${trigger} is not handled` } });
  });

  it('when the signature is wrong, missing or "no-secret-provided", then 401 and nothing is produced', async () => {
    const body = JSON.stringify(calcomBooking('uid-unsigned'));
    const json = { 'content-type': 'application/json' };

    const responses = await Promise.all([
      post(`${ingest.url}/webhooks/calcom`, body, { ...json, 'x-cal-signature-256': signCalcom(body, 'wrong-secret') }),
      post(`${ingest.url}/webhooks/calcom`, body, json),
      post(`${ingest.url}/webhooks/calcom`, body, { ...json, 'x-cal-signature-256': 'no-secret-provided' }),
    ]);

    expect(responses.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(responses.map((r) => r.body.message)).toEqual([
      'calcom signature matches no configured secret',
      'calcom signature is missing',
      'calcom signature is malformed',
    ]);
    expect(responses[0]?.body).toMatchObject({
      error: 'SIGNATURE_INVALID',
      details: [{ field: 'x-cal-signature-256', message: 'mismatch' }],
    });
    expect((await calcomRecords()).filter((r) => r.key === 'uid-unsigned')).toEqual([]);
  });

  it('when neither the team nor the event type is allowed, then 403 and nothing is produced', async () => {
    const envelope = calcomBooking('uid-forbidden');
    envelope.payload = { ...envelope.payload, team: { id: 7, name: 'Other', members: [] }, eventTypeId: 9 };

    const response = await sendCalcom(envelope);

    expect(response).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } });
    expect((await calcomRecords()).filter((r) => r.key === 'uid-forbidden')).toEqual([]);
  });

  it('when a managed event type without team is on the event-type allow-list, then 202', async () => {
    const envelope = calcomBooking('uid-managed');
    const { team: _, ...payload } = envelope.payload;

    const response = await sendCalcom({ ...envelope, payload: { ...payload, eventTypeId: 900 } });

    expect(response.status).toBe(202);
  });

  it('when the payload lacks its uid, then 400 names payload.uid', async () => {
    const { uid: _, ...payload } = calcomCreated.payload;

    const response = await sendCalcom({ ...calcomCreated, payload });

    expect(response).toMatchObject({ status: 400, body: { error: 'EVENT_INVALID', details: [{ field: 'payload.uid' }] } });
  });

  it('when the uid is blank, then 400 names payload.uid as for an empty one', async () => {
    const responses = await Promise.all(
      ['', ' ', '\u3000 '].map((uid) => sendCalcom({ ...calcomCreated, payload: { ...calcomCreated.payload, uid } })),
    );

    expect(responses.map((r) => [r.status, (r.body.details as { field: string }[] | undefined)?.[0]?.field])).toEqual([
      [400, 'payload.uid'],
      [400, 'payload.uid'],
      [400, 'payload.uid'],
    ]);
  });

  it("when createdAt is further ahead of the receiver's clock than INGEST_MAX_CLOCK_SKEW_MS, then 400 names createdAt; a small skew is accepted", async () => {
    const at = (ms: number) => new Date(ms).toISOString();

    const [pinned, ahead, skewed] = await Promise.all([
      sendCalcom(calcomBooking('uid-clock-2999', 'BOOKING_CREATED', '2999-01-01T00:00:00.000Z')),
      sendCalcom(calcomBooking('uid-clock-ahead', 'BOOKING_CREATED', at(NOW + 5 * 60_000 + 1))),
      sendCalcom(calcomBooking('uid-clock-skewed', 'BOOKING_CREATED', at(NOW + 3_000))),
    ]);

    expect(pinned).toMatchObject({ status: 400, body: { error: 'EVENT_INVALID', details: [{ field: 'createdAt' }] } });
    expect(ahead).toMatchObject({ status: 400, body: { details: [{ field: 'createdAt' }] } });
    expect(skewed.status).toBe(202);
  });

  it('when the body is not JSON, then 400 names the body', async () => {
    const body = '{"triggerEvent": "BOOKING_CREATED"';

    const response = await post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, CALCOM_SECRET));

    expect(response).toMatchObject({ status: 400, body: { error: 'EVENT_INVALID', details: [{ field: 'body' }] } });
  });

  it('when the content type is not JSON, then 415', async () => {
    const body = 'triggerEvent=BOOKING_CREATED';

    const responses = await Promise.all(
      ['application/x-www-form-urlencoded', 'text/plain'].map((type) =>
        post(`${ingest.url}/webhooks/calcom`, body, { ...calcomHeaders(body, CALCOM_SECRET), 'content-type': type }),
      ),
    );

    expect(responses.map((r) => [r.status, r.body.error])).toEqual([
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
    ]);
  });

  it('when the content type carries a charset, then it is still JSON', async () => {
    const body = JSON.stringify(calcomCancelled);

    const response = await post(`${ingest.url}/webhooks/calcom`, body, {
      ...calcomHeaders(body, CALCOM_SECRET),
      'content-type': 'application/json; charset=utf-8',
    });

    expect(response.status).toBe(202);
  });

  it('when the body is over 1 MiB, then 413', async () => {
    const envelope = calcomBooking('uid-large');
    const body = JSON.stringify({ ...envelope, payload: { ...envelope.payload, description: 'x'.repeat(1024 * 1024) } });

    const response = await post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, CALCOM_SECRET));

    expect(response).toMatchObject({ status: 413, body: { error: 'PAYLOAD_TOO_LARGE' } });
  });
});

describe('POST /webhooks/retell', () => {
  it('when call_analyzed carries a booking uid, then 202 and the record decoded from the topic links call and booking', async () => {
    const body = JSON.stringify(retellAnalyzed);
    const signedAt = NOW - 1000;

    const response = await sendRetell(body, signedAt);

    expect(response).toMatchObject({ status: 202, body: { status: 'accepted', bookingUid: 'n7Kq2VxW9bFjR4tLmP8sYc' } });
    const records = await readTopic<VoiceBookingV1>(ingest.kafka, ingest.topics.retell);
    const record = records.find((r) => r.value.eventId === response.body.eventId);
    expect(record?.key).toBe('n7Kq2VxW9bFjR4tLmP8sYc');
    expect(record?.value).toMatchObject({
      version: signedAt,
      receivedAt: NOW,
      callId: retellAnalyzed.call.call_id,
      eventTypeId: 812,
    });
    expect(record?.headers).toMatchObject({ source: 'retell', trigger: 'call_analyzed' });
  });

  it('when the reference vector arrives at its own time, then the signature is accepted (200 ignored: call_ended)', async () => {
    clock.now = 1_700_000_000_000;
    const header = 'v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e';

    const response = await post(`${ingest.url}/webhooks/retell`, '{"event":"call_ended"}', {
      'content-type': 'application/json',
      'x-retell-signature': header,
    });
    clock.now = NOW;

    expect(response).toMatchObject({ status: 200, body: { status: 'ignored', reason: 'event call_ended is not handled' } });
  });

  it('when the signature is more than five minutes old or ahead, then 401; within five minutes, then 202', async () => {
    const body = JSON.stringify(retellAnalyzed);
    const fiveMinutes = 5 * 60 * 1000;

    const responses = await Promise.all([
      sendRetell(body, NOW - fiveMinutes - 1),
      sendRetell(body, NOW + fiveMinutes + 1),
      sendRetell(body, NOW + fiveMinutes - 1000),
      sendRetell(body, NOW - fiveMinutes + 1000),
    ]);

    expect(responses.map((r) => r.status)).toEqual([401, 401, 202, 202]);
    expect(responses[0]?.body).toMatchObject({
      error: 'SIGNATURE_INVALID',
      message: 'retell signature has a timestamp more than 5 minutes from our clock',
    });
  });

  it('when the key is wrong, then 401', async () => {
    const response = await sendRetell(JSON.stringify(retellAnalyzed), NOW, 'wrong-key');

    expect(response.status).toBe(401);
  });

  it('when the call carries no booking uid, then 200 ignored', async () => {
    const body = JSON.stringify({ event: 'call_analyzed', call: { call_id: 'c-no-booking', call_analysis: {} } });

    const response = await sendRetell(body);

    expect(response).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });
});

describe('probes, metrics and the contract', () => {
  it('when probed, then /healthz and /readyz answer 200', async () => {
    const [health, ready] = await Promise.all([fetch(`${ingest.url}/healthz`), fetch(`${ingest.url}/readyz`)]);

    expect([health.status, ready.status]).toEqual([200, 200]);
    expect(await ready.json()).toMatchObject({ status: 'ready', kafka: 'up' });
  });

  it('when webhooks were handled, then /metrics counts them by source, trigger and outcome', async () => {
    await sendCalcom(calcomBooking('uid-metrics'));

    const text = await (await fetch(`${ingest.url}/metrics`)).text();

    expect(text).toMatch(/webhooks_received_total\{source="calcom",trigger="BOOKING_CREATED",outcome="accepted"\} [1-9]/);
    expect(text).toMatch(/webhooks_received_total\{source="calcom",trigger="unknown",outcome="unauthorized"\} [1-9]/);
    expect(text).toMatch(/webhook_request_duration_seconds_count\{source="retell",outcome="unauthorized"\} [1-9]/);
    expect(text).toMatch(/kafka_produce_duration_seconds_count\{outcome="ok"\} [1-9]/);
    expect(text).toContain('ingest_spool_bytes 0');
    expect(text).toContain('ingest_spooled_records_total 0');
    expect(text).toMatch(/ingest_build_info\{version="test"/);
  });

  it('when /openapi.json is fetched, then it describes both webhook routes and every status of the table', async () => {
    const doc = (await (await fetch(`${ingest.url}/openapi.json`)).json()) as {
      paths: Record<string, { post?: { responses: object } }>;
    };

    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/webhooks/calcom', '/webhooks/retell', '/healthz', '/readyz', '/metrics']),
    );
    expect(Object.keys(doc.paths['/webhooks/calcom']?.post?.responses ?? {}).sort()).toEqual(
      ['200', '202', '400', '401', '403', '413', '415', '429', '503'].sort(),
    );
  });

  it('when a route does not exist, then 404 in the error format', async () => {
    const response = await fetch(`${ingest.url}/webhooks/zoom`, { method: 'POST' });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'NOT_FOUND', details: [] });
  });
});
