// start/stop of the whole service: stop is idempotent, safe before start, and closes intake.

import { ingestSchema, loadConfig } from '@booking/shared/config';
import { createKafka } from '@booking/shared/kafka';
import { createMetricsRegistry } from '@booking/shared/metrics';
import { STACK } from '@booking/shared/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { calcomBooking, calcomHeaders } from './fixtures/webhooks.ts';
import { CALCOM_SECRET, logger, post, registry, startTestIngest } from './helpers.ts';

describe('ingest lifecycle', () => {
  it('when stop is called before start, then it resolves, and calling it again returns that same stop', async () => {
    const config = loadConfig(ingestSchema, { INGEST_SPOOL_MAX_BYTES: '0' });
    const kafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: 'ingest-lifecycle', logger });
    const app = buildApp(config, {
      kafka,
      schemaRegistry: registry,
      logger,
      metricsRegistry: createMetricsRegistry({ service: 'ingest', version: 'test' }),
    });

    const readinessBefore = app.readiness();
    const first = app.stop();
    await first;
    const again = app.stop();

    // idempotent: the second call is the first stop, not a second teardown of closed clients
    expect(again).toBe(first);
    await expect(again).resolves.toBeUndefined();
    expect([readinessBefore, app.port()]).toEqual(['not started', undefined]);
  });

  it('when a started ingest is stopped twice, then both resolve and it no longer accepts connections', async () => {
    const ingest = await startTestIngest();
    const body = JSON.stringify(calcomBooking('uid-lifecycle'));
    const accepted = await post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, CALCOM_SECRET));
    const readinessStarted = ingest.app.readiness();

    await Promise.all([ingest.stop(), ingest.app.stop()]);

    expect(accepted.status).toBe(202);
    expect([readinessStarted, ingest.app.readiness()]).toEqual([undefined, 'stopping']);
    await expect(fetch(`${ingest.url}/healthz`)).rejects.toThrow();
  });
});
