// A produce whose outcome is unknown (the broker paused past the request timeout, then resumed
// and appended it) must not cost the records sent after it. kafkajs gives the next records the
// failed request's sequence numbers again, and the broker then drops them as duplicates of the
// late append while acknowledging them — a 202 that was not kept. createRecordProducer moves to
// a fresh producer id after such a failure. Runs on a scratch broker (own ports and data dir).
import { createKafka, createRecordProducer, readTopicsToEnd } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { uniqueName } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type StartedScratchKafka, startScratchKafka } from '../../tools/stack/start-scratch-kafka.ts';

const logger = createLogger({ level: 'silent', name: 'producer-outcome-test' });
let scratch: StartedScratchKafka;

beforeAll(async () => {
  scratch = await startScratchKafka('producer-outcome');
}, 120_000);
afterAll(() => scratch?.remove(), 120_000);

describe('a produce with an unknown outcome', () => {
  it('when a send times out against a paused broker that appends it later, then the records sent next still reach the topic', async () => {
    const kafka = createKafka({ brokers: scratch.brokers, clientId: uniqueName('outcome'), logger, retry: 'failFast' });
    const topic = uniqueName('outcome');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = createRecordProducer(kafka, { retries: 1 });
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    const record = (key: string) => ({ topic, key, value: Buffer.from(key) });

    await producer.send([record('before')]);
    scratch.signal('SIGSTOP');
    const timedOut = await producer.send([record('unknown')]).then(
      () => false,
      () => true,
    );
    scratch.signal('SIGCONT');
    await producer.send([record('after-1')]);
    await producer.send([record('after-2')]);

    const keys: string[] = [];
    await readTopicsToEnd(kafka, { topics: [topic], onRecord: (r) => void keys.push(r.key ?? '') });
    expect(timedOut).toBe(true);
    // 'unknown' may or may not be there (that is what unknown means); what was acknowledged must be
    expect(keys.filter((k) => k !== 'unknown')).toEqual(['before', 'after-1', 'after-2']);
  }, 60_000);
});
