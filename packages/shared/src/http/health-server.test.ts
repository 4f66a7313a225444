import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../metrics/index.ts';
import { type HealthServer, livenessAnswer, readinessAnswer, startHealthServer } from './index.ts';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe('startHealthServer', () => {
  it('serves /healthz, /metrics with the build info, and /readyz from the readiness check', async () => {
    let reason: string | undefined = 'consumer retrying';
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetricsRegistry({ service: 'test', version: '1.2.3', revision: '0a1b2c3' }),
      readiness: () => reason,
    });
    const base = `http://127.0.0.1:${server.port}`;

    const health = await fetch(`${base}/healthz`);
    const notReady = await fetch(`${base}/readyz`);
    reason = undefined;
    const ready = await fetch(`${base}/readyz`);
    const metrics = await (await fetch(`${base}/metrics`)).text();

    expect(health.status).toBe(200);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not ready', reason: 'consumer retrying' });
    expect(ready.status).toBe(200);
    expect(metrics).toMatch(/test_build_info\{version="1.2.3",revision="0a1b2c3",node_version="v\d+/);
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });

  it('closing twice is harmless', async () => {
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetricsRegistry({ service: 't', version: '0' }),
      readiness: () => undefined,
    });

    await server.close();
    await server.close();

    await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
  });

  it('when the liveness check names a reason (a consumer stopped too long), then /healthz answers 503 with it', async () => {
    let reason: string | undefined;
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetricsRegistry({ service: 't', version: '0' }),
      readiness: () => undefined,
      liveness: () => reason,
    });
    const base = `http://127.0.0.1:${server.port}`;

    const alive = await fetch(`${base}/healthz`);
    reason = 'consumer stopped for 301 s';
    const dead = await fetch(`${base}/healthz`);

    expect(alive.status).toBe(200);
    expect(dead.status).toBe(503);
    expect(await dead.json()).toEqual({ status: 'not alive', reason: 'consumer stopped for 301 s' });
  });
});

describe('the probe answers', () => {
  it('when a service adds fields of its own to /readyz, then status and reason stay beside them and win', () => {
    const details = { kafka: 'unavailable', spoolBytes: 12, status: 'mine' };

    const ready = readinessAnswer(undefined, details);
    const notReady = readinessAnswer('kafka unavailable and the spool full', details);

    expect(ready).toEqual({ statusCode: 200, body: { kafka: 'unavailable', spoolBytes: 12, status: 'ready' } });
    expect(notReady).toEqual({
      statusCode: 503,
      body: { kafka: 'unavailable', spoolBytes: 12, status: 'not ready', reason: 'kafka unavailable and the spool full' },
    });
  });

  it('when a process is alive or not, then /healthz answers ok or not alive with the reason', () => {
    expect([livenessAnswer(undefined), livenessAnswer('consumer stopped for 301 s')]).toEqual([
      { statusCode: 200, body: { status: 'ok' } },
      { statusCode: 503, body: { status: 'not alive', reason: 'consumer stopped for 301 s' } },
    ]);
  });
});
