// `dlq skip`: the operator procedure for one truly foreign record (README, SchemaIdUnknown).
import {
  createKafka,
  createRecordProducer,
  DLQ_HEADERS,
  ensureTopics,
  readTopicsToEnd,
  removeFromBroker,
  setGroupOffsets,
} from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { STACK, uniqueName } from '@booking/shared/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { skipRecord } from '../../packages/cli/src/dlq/skip.ts';

const logger = createLogger({ name: 'dlq-skip-test', level: 'silent' });
const kafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: 'dlq-skip-test', logger });

async function committed(group: string, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return entry?.partitions[0]?.offset;
  } finally {
    await admin.disconnect();
  }
}

describe('dlq skip', () => {
  it('when a stopped group is stuck on a record, then the record is copied to the DLQ and the group moves past it', async () => {
    const topic = uniqueName('t-skip');
    const dlqTopic = `${topic}.dlq`;
    const group = uniqueName('g-skip');
    await ensureTopics(
      kafka,
      [topic, dlqTopic].map((t) => ({ topic: t, partitions: 1, replicationFactor: 1, configs: {} })),
      logger,
    );
    onTestFinished(() => removeFromBroker(kafka, { topics: [topic, dlqTopic] }));
    const producer = createRecordProducer(kafka);
    await producer.connect();
    await producer.send([
      { topic, key: 'foreign', value: Buffer.from([0, 0, 0, 0x7f, 0x7f, 1]) },
      { topic, key: 'next', value: Buffer.from('next') },
    ]);
    await producer.disconnect();
    await setGroupOffsets(kafka, group, [{ topic, partition: 0, offset: '0' }]);

    await skipRecord(kafka, { group, topic, partition: 0, offset: '0', dlqTopic, reason: 'schema id 2139062143 is foreign' });

    const dead: { key: string | null; headers: Record<string, string> }[] = [];
    await readTopicsToEnd(kafka, { topics: [dlqTopic], onRecord: (r) => void dead.push(r) });
    expect(dead).toHaveLength(1);
    expect(dead[0]?.key).toBe('foreign');
    expect(dead[0]?.headers).toMatchObject({
      [DLQ_HEADERS.errorClass]: 'OperatorSkipped',
      [DLQ_HEADERS.errorMessage]: 'schema id 2139062143 is foreign',
      [DLQ_HEADERS.sourceOffset]: '0',
    });
    expect(await committed(group, topic)).toBe('1');
  });

  it('when the offset is not the one the group is stuck on, then nothing moves', async () => {
    const topic = uniqueName('t-skip');
    const group = uniqueName('g-skip');
    await ensureTopics(kafka, [{ topic, partitions: 1, replicationFactor: 1, configs: {} }], logger);
    const producer = createRecordProducer(kafka);
    await producer.connect();
    await producer.send([
      { topic, key: 'a', value: Buffer.from('a') },
      { topic, key: 'b', value: Buffer.from('b') },
    ]);
    await producer.disconnect();
    await setGroupOffsets(kafka, group, [{ topic, partition: 0, offset: '0' }]);

    await expect(
      skipRecord(kafka, { group, topic, partition: 0, offset: '1', dlqTopic: `${topic}.dlq`, reason: 'x' }),
    ).rejects.toThrow(/at offset 0 .*not 1/);
    expect(await committed(group, topic)).toBe('0');
  });
});
