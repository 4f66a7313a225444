// The only place that constructs kafkajs objects. Everything else sees the small interfaces in
// ./types.ts, so that a KafkaJS-compatible client (kafkajs has had no release since 2023) can
// replace it here without touching the services.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { DependencyUnavailableError } from '../errors/index.ts';
import type { KafkaSecurity } from './kafka-security.ts';
import { kafkajsLogLevel } from './kafkajs-log-level.ts';
import { RETRY_PROFILES, type RetryProfile } from './retry-profiles.ts';
import type { OutgoingRecord, RecordProducer } from './types.ts';
import { type PlacedMessage, trackPlacement, unanswered } from './unanswered-records.ts';

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
        log[kafkajsLogLevel(level, message, fields)](fields, message);
      },
  });
}

/**
 * A plain kafkajs producer for what RecordProducer does not model (explicit partitions, null
 * values: tests, tools), still idempotent. kafkajs resends a whole produce request when one of
 * its partitions fails (NOT_LEADER_OR_FOLLOWER on a topic created a moment ago); without
 * idempotence the partitions the broker had already appended are appended twice. That made
 * group-lag.int.test.ts fail about once in 200 runs under CI load (a partition holding 14
 * records where 7 were sent).
 */
export function createRawProducer(kafka: Kafka): Producer {
  return kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
}

export interface ProducerOptions {
  /** Idempotent producer with acks=all; kafkajs requires one request in flight for it. */
  idempotent?: boolean;
  /** How many times kafkajs retries a failed send before it rejects (default 5). */
  retries?: number;
}

/** Rounds of resending records a sendBatch resolved without before the send fails (spool, retry). */
const UNANSWERED_ROUNDS = 3;

function groupByTopic(records: OutgoingRecord[]) {
  const byTopic = new Map<string, PlacedMessage[]>();
  const sent: { record: OutgoingRecord; message: PlacedMessage }[] = [];
  for (const record of records) {
    let list = byTopic.get(record.topic);
    if (!list) {
      list = [];
      byTopic.set(record.topic, list);
    }
    const message = { key: record.key, value: record.value, headers: record.headers };
    list.push(message);
    sent.push({ record, message });
  }
  return { topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })), sent };
}

/**
 * A RecordProducer on a kafkajs producer, one send at a time (kafkajs allows the idempotent
 * producer one request in flight anyway).
 *
 * A failed send of the idempotent producer has an unknown outcome: the broker may have appended
 * it (a request that timed out against a paused broker is appended when it resumes). kafkajs
 * then hands the failed request's sequence numbers to the next records, and the broker drops
 * those as duplicates of the late append while acknowledging them — acknowledged records that
 * never reach the topic. So after a failure the next send goes through a fresh kafkajs producer
 * (a new producer id, its own sequences); the late append, if any, is a duplicate the consumers'
 * ledger drops, never a loss. (The Java client bumps its epoch for the same reason.)
 *
 * kafkajs can also resolve a sendBatch without some of its partitions when their leader moved
 * to a broker that had already answered (./unanswered-records.ts). Those records are treated like
 * a failed send (their request failed with an unknown outcome: fresh producer) and sent again;
 * a duplicate is harmless downstream, a silent drop is not.
 */
export function createRecordProducer(kafka: Kafka, options: ProducerOptions = {}): RecordProducer {
  const idempotent = options.idempotent ?? true;
  const placement = trackPlacement();
  const build = (): Producer =>
    kafka.producer({
      // Java-compatible murmur2, set explicitly: a key must always map to the same partition.
      createPartitioner: placement.createPartitioner,
      allowAutoTopicCreation: false,
      idempotent,
      maxInFlightRequests: idempotent ? 1 : undefined,
      retry: { retries: options.retries ?? 5, initialRetryTime: 100, maxRetryTime: 2000 },
    });
  let producer = build();
  let connected: Promise<void> | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  const retired = new Set<Promise<void>>();

  const connect = () => {
    connected ??= producer.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    return connected;
  };
  const retire = () => {
    const old = producer;
    producer = build();
    connected = undefined;
    const closing = old.disconnect().catch(() => undefined);
    retired.add(closing);
    void closing.then(() => retired.delete(closing));
  };
  async function sendNow(records: OutgoingRecord[], round = 1): Promise<void> {
    const { topicMessages, sent } = groupByTopic(records);
    let answers: Awaited<ReturnType<Producer['sendBatch']>>;
    try {
      await connect();
      answers = await producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      if (idempotent) retire();
      throw error;
    }
    const placed = sent.map(({ record, message }) => ({
      item: record,
      topic: record.topic,
      partition: placement.partitionOf(message),
    }));
    const missing = unanswered(placed, answers);
    if (missing.length === 0) return;
    if (idempotent) retire();
    if (round >= UNANSWERED_ROUNDS) {
      throw new DependencyUnavailableError(
        `kafka answered a send without ${missing.length} of its records ${round} times in a row`,
      );
    }
    await sendNow(missing, round + 1);
  }

  return {
    connect,
    async disconnect() {
      await Promise.all([producer.disconnect(), ...retired]);
      connected = undefined;
    },
    send(records) {
      if (records.length === 0) return Promise.resolve();
      const sent = previous.then(() => sendNow(records));
      previous = sent.catch(() => undefined);
      return sent;
    },
  };
}
