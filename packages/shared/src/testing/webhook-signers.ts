// How Cal.com and Retell sign a webhook (docs/DESIGN.md "Webhook sources"), for whatever sends
// one: tests, the demo, the fuzz and chaos load, the benchmarks. The ingest's verifiers are the
// other side of the same rules. No test-runner import here: the demo ships in the image.
import { createHmac } from 'node:crypto';

/** The x-cal-signature-256 value: hex HMAC-SHA256 of these exact bytes. */
export function calcomSignature(raw: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}

/** The headers Cal.com sends with a body. */
export function calcomHeaders(raw: string | Buffer, secret: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-cal-signature-256': calcomSignature(raw, secret),
    'x-cal-webhook-version': '2021-10-20',
  };
}

/** The x-retell-signature value for these exact bytes at `nowMs`: `v=<ms>,d=<hex HMAC of body + ms>`. */
export function retellSignature(raw: string | Buffer, apiKey: string, nowMs = Date.now()): string {
  const digest = createHmac('sha256', apiKey).update(raw).update(String(nowMs)).digest('hex');
  return `v=${nowMs},d=${digest}`;
}

/** The headers Retell sends with a body. */
export function retellHeaders(raw: string | Buffer, apiKey: string, nowMs = Date.now()): Record<string, string> {
  return { 'content-type': 'application/json', 'x-retell-signature': retellSignature(raw, apiKey, nowMs) };
}
