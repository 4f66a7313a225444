// The only place that constructs kafkajs objects. Everything else sees the small interfaces in
// ./types.ts, so that a KafkaJS-compatible client (kafkajs has had no release since 2023) can
// replace it here without touching the services.
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaSecurity } from './kafka-security.ts';
import { RETRY_PROFILES, type RetryProfile } from './retry-profiles.ts';
import type { OutgoingRecord, RecordProducer } from './types.ts';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** How this client retries connections and requests (./retry-profiles.ts; default keepTrying). */
  retry?: RetryProfile;
  connectionTimeoutMs?: number;
  /** TLS and SASL (kafkaSecurity(config)); plaintext when absent. */
  security?: KafkaSecurity;
}

function toPinoLevel(level: logLevel): 'error' | 'warn' | 'info' | 'debug' {
  if (level === logLevel.ERROR || level === logLevel.NOTHING) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}

export function createKafka(options: KafkaOptions): Kafka {
  const log = options.logger.child({ component: 'kafkajs' });
  const { requestTimeout, ...retry } = RETRY_PROFILES[options.retry ?? 'keepTrying'];
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...options.security,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout,
    retry,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...fields } = entry;
        // Bounded producer retries are deliberate here (a failed send fails the batch, which is
        // retried whole; consumers are idempotent), so kafkajs' warning about it is debug noise.
        const demoted = message.startsWith('Limiting retries for the idempotent producer');
        log[demoted ? 'debug' : toPinoLevel(level)](fields, message);
      },
  });
}

export interface ProducerOptions {
  /** Idempotent producer with acks=all; kafkajs requires one request in flight for it. */
  idempotent?: boolean;
  /** How many times kafkajs retries a failed send before it rejects (default 5). */
  retries?: number;
}

function groupByTopic(records: OutgoingRecord[]) {
  const byTopic = new Map<string, { key: string; value: Buffer; headers?: Record<string, string> }[]>();
  for (const r of records) {
    let list = byTopic.get(r.topic);
    if (!list) {
      list = [];
      byTopic.set(r.topic, list);
    }
    list.push({ key: r.key, value: r.value, headers: r.headers });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

export function createRecordProducer(kafka: Kafka, options: ProducerOptions = {}): RecordProducer {
  const producer: Producer = kafka.producer({
    // Java-compatible murmur2, set explicitly: a key must always map to the same partition.
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    idempotent: options.idempotent ?? true,
    maxInFlightRequests: options.idempotent === false ? undefined : 1,
    retry: { retries: options.retries ?? 5, initialRetryTime: 100, maxRetryTime: 2000 },
  });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async send(records) {
      if (records.length === 0) return;
      await producer.sendBatch({ topicMessages: groupByTopic(records), acks: -1 });
    },
  };
}
