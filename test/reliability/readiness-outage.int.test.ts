// Readiness tells the truth during an outage: all three services run on a scratch broker (own
// ports and data dir, never the shared one), which is stopped and started again while no
// traffic flows, so only the readiness probes can notice.

import { startBooker, uniqueTopics, useScratchDatabase } from '@booking/booker/testing';
import { startInvalidator } from '@booking/cache-invalidator/testing';
import { startTestIngest } from '@booking/ingest/testing';
import { createKafka } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { createSchemaRegistry } from '@booking/shared/registry';
import { Collector, STACK, uniqueName } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type StartedScratchKafka, startScratchKafka } from '../../tools/stack/start-scratch-kafka.ts';

interface Snapshot {
  ingest: { status: string; kafka: string };
  booker: string | undefined;
  invalidator: string | undefined;
}

const logger = createLogger({ level: 'silent', name: 'readiness-test' });
const db = useScratchDatabase();
let scratch: StartedScratchKafka;

beforeAll(async () => {
  scratch = await startScratchKafka('readiness');
}, 120_000);
afterAll(() => scratch?.remove(), 120_000);

describe('readiness during a Kafka outage', () => {
  it('when Kafka stops without traffic, then every service reports it on /readyz, and all are ready again once it is back', async () => {
    const kafkaOptions = { brokers: scratch.brokers, clientId: uniqueName('readiness'), logger };
    const ingest = await startTestIngest({ brokers: scratch.brokers });
    onTestFinished(() => ingest.stop());
    const booker = startBooker({
      kafka: createKafka(kafkaOptions),
      probeKafka: createKafka({ ...kafkaOptions, retry: 'failFast' }),
      schemaRegistry: createSchemaRegistry(STACK.schemaRegistryUrl),
      orm: db.orm,
      topics: uniqueTopics(),
      groupId: uniqueName('g-booker'),
    });
    onTestFinished(() => booker.stop());
    await booker.started;
    const invalidator = await startInvalidator({ brokers: scratch.brokers });
    onTestFinished(() => invalidator.close());
    const snapshots = new Collector<Snapshot>();
    const poll = setInterval(async () => {
      const ingestReady = await fetch(`${ingest.url}/readyz`).then(
        (r) => r.json() as Promise<Snapshot['ingest']>,
        () => undefined,
      );
      if (ingestReady)
        snapshots.push({ ingest: ingestReady, booker: booker.app.readiness(), invalidator: invalidator.app.readiness() });
    }, 100);
    onTestFinished(() => clearInterval(poll));
    const allReady = (s: Snapshot | undefined) =>
      s?.ingest.kafka === 'up' && s.booker === undefined && s.invalidator === undefined;
    await snapshots.waitFor((items) => allReady(items.at(-1)), 60_000);

    await scratch.stop();
    const down = await snapshots.waitFor((items) => {
      const s = items.at(-1);
      return s?.ingest.kafka === 'unavailable' && !!s.booker?.includes('kafka') && !!s.invalidator?.includes('kafka');
    }, 60_000);
    const whileDown = down.at(-1);
    await scratch.start();
    await snapshots
      .waitFor((items) => allReady(items.at(-1)), 90_000)
      .catch((error: Error) => Promise.reject(new Error(`${error.message}; last: ${JSON.stringify(snapshots.items.at(-1))}`)));

    expect(whileDown).toEqual({
      ingest: expect.objectContaining({ status: 'ready', kafka: 'unavailable' }),
      booker: expect.stringContaining('kafka unavailable'),
      invalidator: expect.stringContaining('kafka unavailable'),
    });
  }, 240_000);
});
