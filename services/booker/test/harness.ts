// A private booker pipeline for integration tests (@booking/booker/testing): a scratch database
// for the file, and per test its own topics and group, the booker started in-process, a
// producer of source records and readers of its output — each closed when the test finishes,
// so a test body holds only its scenario.
import type { AppointmentChangeV1 } from '@booking/shared/events';
import type { Kafka } from '@booking/shared/kafka';
import type { MikroORM } from '@booking/shared/orm';
import type { SchemaRegistry } from '@booking/shared/registry';
import { type ScratchDatabase, uniqueName, useScratchDatabase } from '@booking/shared/testing';
import { onTestFinished } from 'vitest';
import type { BookerTopics } from '../src/handle-batches.ts';
import {
  createSourceProducer,
  type RunningBooker,
  readChanges,
  readTopic,
  type SourceProducer,
  stackClients,
  startBooker,
  type TopicReader,
  uniqueTopics,
} from './helpers.ts';

export interface BookerOptions {
  /** default: the file's scratch database */
  orm?: MikroORM;
  /** default: the stack's broker */
  kafka?: Kafka;
  /** failFast client for the readiness probe (default: kafka) */
  probeKafka?: Kafka;
  schemaRegistry?: SchemaRegistry;
  /** default: the test's own (uniqueTopics) */
  topics?: BookerTopics;
  /** default: a unique group */
  groupId?: string;
}

export interface StartedBooker extends RunningBooker {
  topics: BookerTopics;
  groupId: string;
}

export interface BookerPipeline {
  topics: BookerTopics;
  groupId: string;
  booker: StartedBooker;
  source: SourceProducer;
}

export interface BookerHarness {
  db: ScratchDatabase;
  kafka: Kafka;
  registry: SchemaRegistry;
  /** In a test: the booker started (awaited) on its own topics and group unless given; stopped when the test finishes. */
  startBooker(options?: BookerOptions): Promise<StartedBooker>;
  /** In a test: a producer of source records to `topics`; disconnected when the test finishes. */
  sourceTo(topics: BookerTopics): Promise<SourceProducer>;
  /** In a test: startBooker, then a producer of source records to its topics. */
  pipeline(options?: BookerOptions): Promise<BookerPipeline>;
  /** In a test: the dead letters of `topics.dlq` as they arrive, from the beginning. */
  readDlq(topics: BookerTopics): Promise<TopicReader<RawRecord>>;
  /** In a test: the change records of `topics.changes`, decoded, from the beginning. */
  readChanges(topics: BookerTopics): Promise<TopicReader<AppointmentChangeV1>>;
}

/** A record as read, undecoded (a dead letter carries the original bytes). */
export interface RawRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Call at the top of a test file: the scratch database lives for the file (beforeAll/afterAll). */
export function useBookerHarness(databasePrefix?: string): BookerHarness {
  const db = useScratchDatabase(databasePrefix);
  const { kafka, registry } = stackClients();
  const stopWhenFinished = <T extends { stop(): Promise<void> }>(reader: T) => {
    onTestFinished(() => reader.stop());
    return reader;
  };

  const harness: BookerHarness = {
    db,
    kafka,
    registry,
    async startBooker(options = {}) {
      const topics = options.topics ?? uniqueTopics();
      const groupId = options.groupId ?? uniqueName('booker');
      const booker = startBooker({
        kafka: options.kafka ?? kafka,
        probeKafka: options.probeKafka,
        schemaRegistry: options.schemaRegistry ?? registry,
        orm: options.orm ?? db.orm,
        topics,
        groupId,
      });
      onTestFinished(() => booker.stop());
      await booker.started;
      return { ...booker, topics, groupId };
    },
    async sourceTo(topics) {
      const source = await createSourceProducer(kafka, registry, topics);
      onTestFinished(() => source.producer.disconnect());
      return source;
    },
    async pipeline(options) {
      const booker = await harness.startBooker(options);
      const source = await harness.sourceTo(booker.topics);
      return { topics: booker.topics, groupId: booker.groupId, booker, source };
    },
    readDlq: async (topics) => stopWhenFinished(await readTopic(kafka, topics.dlq, async (m) => m)),
    readChanges: async (topics) => stopWhenFinished(await readChanges(kafka, registry, topics.changes)),
  };
  return harness;
}
