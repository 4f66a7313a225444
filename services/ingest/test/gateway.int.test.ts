// Gateway mode through real HTTP against the ingest on the real broker and registry: a delivery
// re-signed by a gateway (Standard Webhooks) stands in for the provider's signature, and the
// gateway's delivery id reaches the record header.
import type { BookingStateV1, VoiceBookingV1 } from '@booking/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRetell } from '../src/handlers/verify-retell-signature.ts';
import { signStandardWebhook } from '../src/handlers/verify-standard-webhook.ts';
import { calcomBooking, calcomHeaders, retellAnalyzed } from './fixtures/webhooks.ts';
import { CALCOM_SECRET, post, RETELL_KEY, readTopic, startTestIngest, type TestIngest } from './helpers.ts';

const NOW = Date.UTC(2025, 2, 10, 9, 13, 6);
const GATEWAY_SECRET = `whsec_${Buffer.alloc(24, 42).toString('base64')}`;
const ROTATED_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const json = { 'content-type': 'application/json' };
let ingest: TestIngest;

const gatewaySigned = (body: string, id: string, secret = GATEWAY_SECRET, timestampSeconds = NOW / 1000) => ({
  ...json,
  ...signStandardWebhook(body, secret, { id, timestampSeconds }),
});
const sendCalcom = (body: string, headers: Record<string, string>) => post(`${ingest.url}/webhooks/calcom`, body, headers);
const recordOf = async (uid: string) =>
  (await readTopic<BookingStateV1>(ingest.kafka, ingest.topics.calcom)).filter((r) => r.key === uid);

beforeAll(async () => {
  ingest = await startTestIngest({ now: () => NOW, env: { GATEWAY_WEBHOOK_SECRETS: `${ROTATED_SECRET},${GATEWAY_SECRET}` } });
});
afterAll(() => ingest?.stop());

describe('gateway-signed deliveries', () => {
  it('when a Cal.com webhook carries only a valid gateway signature, then 202 and the record carries the delivery id', async () => {
    const body = JSON.stringify(calcomBooking('uid-gw-calcom'));

    const response = await sendCalcom(body, gatewaySigned(body, 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W'));

    expect(response).toMatchObject({ status: 202, body: { status: 'accepted', bookingUid: 'uid-gw-calcom' } });
    const [record] = await recordOf('uid-gw-calcom');
    expect(record?.headers).toMatchObject({
      'delivery-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      'event-id': response.body.eventId,
    });
  });

  it('when Svix sends its default svix-* header names, then they authenticate the same way', async () => {
    const body = JSON.stringify(calcomBooking('uid-gw-svix'));
    const signed = signStandardWebhook(body, GATEWAY_SECRET, { id: 'msg_svix_1', timestampSeconds: NOW / 1000 });
    const svixHeaders = Object.fromEntries(
      Object.entries(signed).map(([name, value]) => [name.replace('webhook-', 'svix-'), value]),
    );

    const response = await sendCalcom(body, { ...json, ...svixHeaders });

    expect(response.status).toBe(202);
    const [record] = await recordOf('uid-gw-svix');
    expect(record?.headers['delivery-id']).toBe('msg_svix_1');
  });

  it('when the gateway redelivers the same bytes under a new attempt, then the event id is the same', async () => {
    const body = JSON.stringify(calcomBooking('uid-gw-redelivered'));

    const first = await sendCalcom(body, gatewaySigned(body, 'msg_first'));
    const second = await sendCalcom(body, gatewaySigned(body, 'msg_second'));

    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.eventId).toBe(first.body.eventId);
    const records = await recordOf('uid-gw-redelivered');
    expect(records.map((r) => r.headers['delivery-id'])).toEqual(['msg_first', 'msg_second']);
  });

  it('when the gateway signature is wrong, stale or malformed, then 401 names the reason and nothing is produced', async () => {
    const body = JSON.stringify(calcomBooking('uid-gw-refused'));
    const tooOld = NOW / 1000 - 5 * 60 - 1;
    const wrong = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;

    const responses = await Promise.all([
      sendCalcom(body, gatewaySigned(body, 'msg_wrong', wrong)),
      sendCalcom(body, gatewaySigned(body, 'msg_old', GATEWAY_SECRET, tooOld)),
      sendCalcom(body, { ...gatewaySigned(body, 'msg_bad'), 'webhook-signature': 'not-a-signature' }),
      // a valid provider signature does not rescue a wrong gateway signature
      sendCalcom(body, { ...calcomHeaders(body, CALCOM_SECRET), ...gatewaySigned(`${body} `, 'msg_tampered') }),
    ]);

    expect(responses.map((r) => [r.status, r.body.message])).toEqual([
      [401, 'gateway signature matches no configured secret'],
      [401, 'gateway signature has a timestamp more than 5 minutes from our clock'],
      [401, 'gateway signature is malformed'],
      [401, 'gateway signature matches no configured secret'],
    ]);
    expect(responses[0]?.body).toMatchObject({ error: 'SIGNATURE_INVALID', details: [{ field: 'webhook-signature' }] });
    expect(await recordOf('uid-gw-refused')).toEqual([]);
  });

  it('when a gateway header is missing, then the provider signature is required as without a gateway', async () => {
    const body = JSON.stringify(calcomBooking('uid-gw-partial'));
    const { 'webhook-timestamp': _, ...partial } = gatewaySigned(body, 'msg_partial');

    const unsigned = await sendCalcom(body, partial);
    const signed = await sendCalcom(body, { ...calcomHeaders(body, CALCOM_SECRET), 'idempotency-key': 'idem-42' });

    expect(unsigned).toMatchObject({ status: 401, body: { message: 'calcom signature is missing' } });
    expect(signed.status).toBe(202);
    const records = await recordOf('uid-gw-partial');
    expect(records.map((r) => r.headers['delivery-id'])).toEqual(['idem-42']);
  });

  it('when a delivery id is not printable or too long, then the webhook is still accepted without a delivery-id header', async () => {
    const body = JSON.stringify(calcomBooking('uid-gw-odd-id'));

    const response = await sendCalcom(body, { ...calcomHeaders(body, CALCOM_SECRET), 'webhook-id': 'x'.repeat(300) });

    expect(response.status).toBe(202);
    const [record] = await recordOf('uid-gw-odd-id');
    expect(record?.headers).not.toHaveProperty('delivery-id');
  });

  it("when a Retell call_analyzed is gateway-signed and forwards the Retell header, then its version is Retell's timestamp", async () => {
    const body = JSON.stringify(retellAnalyzed);
    const retellAt = NOW - 2000;

    const response = await post(`${ingest.url}/webhooks/retell`, body, {
      ...gatewaySigned(body, 'msg_retell'),
      // forwarded as the provider sent it, signed with a key the ingest does not need to know
      'x-retell-signature': signRetell(body, `not-${RETELL_KEY}`, retellAt),
    });

    expect(response.status).toBe(202);
    const records = await readTopic<VoiceBookingV1>(ingest.kafka, ingest.topics.retell);
    const record = records.find((r) => r.headers['delivery-id'] === 'msg_retell');
    expect(record?.value).toMatchObject({ eventId: response.body.eventId, version: retellAt });
  });

  it('when /openapi.json is fetched, then both webhook routes accept the provider signature or the gateway scheme', async () => {
    const doc = (await (await fetch(`${ingest.url}/openapi.json`)).json()) as {
      paths: Record<string, { post?: { security?: object[] } }>;
      components: { securitySchemes: Record<string, { name: string }> };
    };

    expect(doc.paths['/webhooks/calcom']?.post?.security).toEqual([{ calcomSignature: [] }, { gatewayStandardWebhooks: [] }]);
    expect(doc.paths['/webhooks/retell']?.post?.security).toEqual([{ retellSignature: [] }, { gatewayStandardWebhooks: [] }]);
    expect(doc.components.securitySchemes.gatewayStandardWebhooks?.name).toBe('webhook-signature');
  });
});
