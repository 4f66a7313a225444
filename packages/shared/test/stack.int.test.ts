// Proof that the local stack is real: a schema registered in the registry, a record encoded in
// the Confluent wire format, produced by the idempotent producer, consumed by a consumer group
// from the broker; a MariaDB and a Redis round trip.
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  createBatchConsumer,
  createKafka,
  createRecordProducer,
  ensureTopics,
  type TopicSpec,
  topicDrift,
} from '../src/kafka/index.ts';
import { createAvroCodec, createSchemaRegistry, decodeAvro } from '../src/registry/index.ts';
import { Collector, STACK, testRecordSchema, uniqueName } from '../src/testing/index.ts';

const logger = pino({ level: 'silent' });
const kafka = createKafka({ brokers: [...STACK.kafkaBrokers], clientId: 'stack-test', logger });
const registry = createSchemaRegistry(STACK.schemaRegistryUrl);

interface Greeting {
  id: string;
  at: number;
  note: string | null;
}
const greetingSchema = testRecordSchema('Greeting', { id: 'string', at: 'long' });

describe('local stack', () => {
  const topic = uniqueName('t-stack');
  const spec: TopicSpec = { topic, partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } };

  beforeAll(async () => {
    await ensureTopics(kafka, [spec], logger);
  });

  it('when an Avro record is produced idempotently, then a consumer group reads the same value back through the registry', async () => {
    const codec = await createAvroCodec<Greeting>(registry, `${topic}-value`, greetingSchema);
    const producer = createRecordProducer(kafka, { idempotent: true });
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    const sent: Greeting[] = [
      { id: 'a', at: 1_700_000_000_000, note: 'first' },
      { id: 'b', at: 1_700_000_000_001, note: null },
    ];
    const seen = new Collector<{ key: string | null; value: Greeting; headers: Record<string, string> }>();
    const consumer = createBatchConsumer({
      kafka,
      groupId: uniqueName('g-stack'),
      topics: [topic],
      logger,
      deadLetter: { producer, topic: `${topic}.dlq` },
      decode: async (r) => ({ key: r.key, value: await decodeAvro<Greeting>(registry, r.value), headers: r.headers }),
      handleBatches: async (batches) => {
        for (const item of batches.flatMap((b) => b.values)) seen.push(item);
      },
    });
    onTestFinished(() => consumer.stop());
    await consumer.start();

    const encoded = await Promise.all(sent.map((g) => codec.encode(g)));
    await producer.send(sent.map((g, i) => ({ topic, key: g.id, value: encoded[i] as Buffer, headers: { source: 'test' } })));
    const items = await seen.waitFor((all) => all.length >= 2);

    expect(codec.schemaId).toBeGreaterThan(0);
    expect(encoded[0]?.readUInt8(0)).toBe(0);
    expect(encoded[0]?.readUInt32BE(1)).toBe(codec.schemaId);
    expect(items.map((i) => i.value).sort((x, y) => x.id.localeCompare(y.id))).toEqual(sent);
    expect(items.every((i) => i.key === i.value.id && i.headers.source === 'test')).toBe(true);
  });

  it('when the topic was created by ensureTopics, then it reports no drift', async () => {
    const admin = kafka.admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());

    expect(await topicDrift(admin, [spec])).toEqual([]);
    expect(await topicDrift(admin, [{ ...spec, configs: { 'cleanup.policy': 'delete' } }])).toEqual([
      { topic, setting: 'cleanup.policy', expected: 'delete', actual: 'compact' },
    ]);
  });
});

describe('MariaDB', () => {
  let conn: mysql.Connection;
  const database = uniqueName('stack_test').replace('-', '_');
  beforeAll(async () => {
    conn = await mysql.createConnection(STACK.mariadbUrl);
    await conn.query(`CREATE DATABASE \`${database}\``);
  });
  afterAll(async () => {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
  });

  it('when a utf8mb4 row is written, then the same row is read back', async () => {
    await conn.query(`CREATE TABLE \`${database}\`.t (id INT PRIMARY KEY, name VARCHAR(50)) CHARSET utf8mb4`);
    await conn.query(`INSERT INTO \`${database}\`.t VALUES (1, ?)`, ['Zoë 🦷']);

    const [rows] = await conn.query(`SELECT id, name FROM \`${database}\`.t`);

    expect(rows).toEqual([{ id: 1, name: 'Zoë 🦷' }]);
  });
});

describe('Redis', () => {
  it('when a key is set, then it is read back and UNLINK removes it', async () => {
    const redis = new Redis(STACK.redisUrl);
    onTestFinished(async () => {
      await redis.quit();
    });
    const key = uniqueName('stack-test');

    await redis.set(key, 'v', 'EX', 60);
    const value = await redis.get(key);
    const removed = await redis.unlink(key);

    expect(value).toBe('v');
    expect(removed).toBe(1);
    expect(await redis.exists(key)).toBe(0);
  });
});
