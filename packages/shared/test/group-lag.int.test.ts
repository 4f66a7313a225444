// The group lag exporter against the real broker: lag per partition comes from the group's
// committed offsets, so it shows partitions no live member reports — a group whose member is
// gone, or that never committed.
import pino from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createBatchConsumer,
  createGroupLagExporter,
  createKafka,
  createRawProducer,
  createRecordProducer,
  ensureTopics,
} from '../src/kafka/index.ts';
import { createMetricsRegistry } from '../src/metrics/index.ts';
import { Collector, STACK, uniqueName } from '../src/testing/index.ts';

const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
const kafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: 'group-lag-test', logger });
const probeKafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: 'group-lag-test', logger, retry: 'failFast' });

async function produceTo(topic: string, counts: number[]) {
  const producer = createRawProducer(kafka);
  await producer.connect();
  const messages = counts.flatMap((n, partition) =>
    Array.from({ length: n }, (_, i) => ({ partition, key: `k${partition}-${i}`, value: `v${i}` })),
  );
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}

async function exportedLag(groupId: string, topic: string) {
  const registry = createMetricsRegistry({ service: 'lag_test', version: 'test' });
  const exporter = createGroupLagExporter({ kafka: probeKafka, groupId, topics: [topic], registry, intervalMs: 60_000, logger });
  const read = async () => {
    const metric = await registry.getSingleMetric('kafka_consumer_group_lag')?.get();
    return Object.fromEntries((metric?.values ?? []).map((v) => [`${v.labels.topic}/${v.labels.partition}`, v.value]));
  };
  // one poll normally; a busy broker may refuse the first one, the exporter then tries again
  for (let attempt = 0; attempt < 5 && Object.keys(await read()).length === 0; attempt++) await exporter.poll();
  await exporter.stop();
  return read();
}

describe('group lag from the broker', () => {
  it('when the group member stopped and records kept arriving, then every partition exports its lag, also those no member reports', async () => {
    const topic = uniqueName('t-lag');
    const groupId = uniqueName('g-lag');
    await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1, configs: {} }], logger);
    await produceTo(topic, [5, 3, 0]);
    const commits = new Collector<{ partition: number; nextOffset: string }>();
    const consumer = createBatchConsumer({
      kafka,
      groupId,
      topics: [topic],
      logger,
      decode: async (record) => record,
      // nothing here is dead-lettered: every record decodes
      deadLetter: { producer: createRecordProducer(kafka), topic: `${topic}.dlq` },
      handleBatches: async () => {},
      onCommitted: (c) => commits.push(c),
    });
    onTestFinished(() => consumer.stop());
    await consumer.start();
    await commits.waitFor(
      (c) => c.some((x) => x.partition === 0 && x.nextOffset === '5') && c.some((x) => x.partition === 1 && x.nextOffset === '3'),
    );
    const whileConsuming = await exportedLag(groupId, topic);
    await consumer.stop();

    await produceTo(topic, [0, 4, 2]);
    const afterMemberLeft = await exportedLag(groupId, topic);

    expect(whileConsuming).toEqual({ [`${topic}/0`]: 0, [`${topic}/1`]: 0, [`${topic}/2`]: 0 });
    expect(afterMemberLeft).toEqual({ [`${topic}/0`]: 0, [`${topic}/1`]: 4, [`${topic}/2`]: 2 });
  });

  it('when a group never committed, then its lag is every retained record of each partition', async () => {
    const topic = uniqueName('t-lag');
    await ensureTopics(kafka, [{ topic, partitions: 2, replicationFactor: 1, configs: {} }], logger);
    await produceTo(topic, [2, 7]);

    expect(await exportedLag(uniqueName('g-never'), topic)).toEqual({ [`${topic}/0`]: 2, [`${topic}/1`]: 7 });
  });
});
