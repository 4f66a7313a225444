// Signed Cal.com BOOKING_CREATED webhooks, a new booking uid each, and the HTTP ceiling they are
// compared with: a bare node:http server doing the same HMAC check before its 202.

import { signStandardWebhook } from '@booking/ingest';
import { calcomBooking } from '@booking/ingest/testing';
import { calcomHeaders } from '@booking/shared/testing';

export const BENCH_SECRET = 'bench-secret';
export const BENCH_TEAM_ID = '42';

const UID = '__BENCH_UID__';
const template = JSON.stringify(calcomBooking(UID));

export interface SignedWebhook {
  uid: string;
  body: string;
  headers: Record<string, string>;
}

export function signedWebhook(uid: string): SignedWebhook {
  const body = template.replaceAll(UID, uid);
  return { uid, body, headers: calcomHeaders(body, BENCH_SECRET) };
}

/** The same webhook as a gateway re-signed it (Standard Webhooks), without the Cal.com signature. */
export function gatewaySignedWebhook(uid: string, secret: string, id: string): SignedWebhook {
  const body = template.replaceAll(UID, uid);
  const signed = signStandardWebhook(body, secret, { id, timestampSeconds: Math.floor(Date.now() / 1000) });
  return { uid, body, headers: { 'content-type': 'application/json', ...signed } };
}

/** Source of the HTTP ceiling, run with `node -e`: body, the ingest's HMAC check, 202. */
export const BARE_HMAC_SERVER = `
const { createHmac, timingSafeEqual } = require('node:crypto');
const secret = process.env.SECRET;
require('node:http').createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/healthz') { res.writeHead(200); return res.end('ok'); }
    const body = Buffer.concat(chunks);
    const header = String(req.headers['x-cal-signature-256'] ?? '');
    const ok = /^[0-9a-f]{64}$/i.test(header) &&
      timingSafeEqual(createHmac('sha256', secret).update(body).digest(), Buffer.from(header, 'hex'));
    res.writeHead(ok ? 202 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"status":"accepted"}' : '{"error":"SIGNATURE_INVALID"}');
  });
}).listen(Number(process.env.PORT), '127.0.0.1');`;
