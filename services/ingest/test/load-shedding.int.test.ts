// Load shedding through the real HTTP server on the real broker: with a tiny in-flight bound,
// requests held open (headers sent, body not finished) fill it, and further webhooks are
// answered 429 + Retry-After at once, while /healthz, /readyz and /metrics still answer.
import { request as httpRequest } from 'node:http';
import { pollUntil } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcomBooking, calcomHeaders } from './fixtures/webhooks.ts';
import { CALCOM_SECRET, post, startTestIngest, type TestIngest } from './helpers.ts';

let ingest: TestIngest;

beforeAll(async () => {
  ingest = await startTestIngest({ env: { INGEST_MAX_IN_FLIGHT: '2', INGEST_SHED_RETRY_AFTER_SECONDS: '3' } });
});
afterAll(() => ingest?.stop());

const metricsText = async () => (await fetch(`${ingest.url}/metrics`)).text();

/** Until /metrics has `line`; the time-out shows that metric's lines as they were. */
async function waitForMetric(line: string): Promise<void> {
  const metric = line.split(/[{ ]/)[0] ?? line;
  const linesOf = async () => (await metricsText()).split('\n').filter((l) => l.startsWith(metric));
  await pollUntil(`/metrics showing "${line}"`, linesOf, (lines) => lines.includes(line), { timeoutMs: 10_000, intervalMs: 20 });
}

/** Sends the headers and half the body; the rest is sent by the returned function. */
function holdWebhook(uid: string): { finish(): Promise<number>; abort(): void } {
  const body = JSON.stringify(calcomBooking(uid));
  const url = new URL(`${ingest.url}/webhooks/calcom`);
  const headers = { ...calcomHeaders(body, CALCOM_SECRET), 'content-length': String(Buffer.byteLength(body)) };
  const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error) => (req.destroyed ? resolve(0) : reject(error)));
  });
  req.write(body.slice(0, body.length / 2));
  return {
    finish() {
      req.end(body.slice(body.length / 2));
      return status;
    },
    abort: () => req.destroy(),
  };
}

describe('load shedding', () => {
  it('when the in-flight bound is reached, then webhooks get 429 with Retry-After and the probes still answer 200', async () => {
    const held = [holdWebhook('uid-shed-held-1'), holdWebhook('uid-shed-held-2')];
    await waitForMetric('ingest_webhooks_in_flight 2');

    const shed = await Promise.all(
      [1, 2, 3].map((i) => {
        const body = JSON.stringify(calcomBooking(`uid-shed-${i}`));
        return post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, CALCOM_SECRET));
      }),
    );
    const probes = await Promise.all(
      ['/healthz', '/readyz', '/metrics'].map(async (path) => (await fetch(`${ingest.url}${path}`)).status),
    );

    expect(shed.map((r) => [r.status, r.headers.get('retry-after'), r.body.error])).toEqual([
      [429, '3', 'OVERLOADED'],
      [429, '3', 'OVERLOADED'],
      [429, '3', 'OVERLOADED'],
    ]);
    expect(probes).toEqual([200, 200, 200]);
    const text = await metricsText();
    expect(text).toContain('webhooks_shed_total{reason="in_flight"} 3');
    expect(text).toContain('webhooks_shed_total{reason="event_loop"} 0');
    expect(text).toMatch(/webhooks_received_total\{source="calcom",trigger="unknown",outcome="shed"\} 3/);

    expect(await Promise.all(held.map((h) => h.finish()))).toEqual([202, 202]);
    await waitForMetric('ingest_webhooks_in_flight 0');
    const body = JSON.stringify(calcomBooking('uid-shed-after'));
    expect((await post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, CALCOM_SECRET))).status).toBe(202);
  });

  it('when a held client goes away before its answer, then it no longer counts as in flight', async () => {
    const held = holdWebhook('uid-shed-aborted');
    await waitForMetric('ingest_webhooks_in_flight 1');

    held.abort();

    await waitForMetric('ingest_webhooks_in_flight 0');
    const body = JSON.stringify(calcomBooking('uid-shed-after-abort'));
    expect((await post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, CALCOM_SECRET))).status).toBe(202);
  });
});
