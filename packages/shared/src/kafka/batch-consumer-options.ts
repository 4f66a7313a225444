// The options and the handle of createBatchConsumer (./create-batch-consumer.ts).
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConsumerMetrics } from '../metrics/index.ts';
import type { ConsumedBatch, ConsumedRecord, DecodedBatch, RecordProducer } from './types.ts';

export { toConsumedRecord } from './view-batch.ts';
export type ConsumerState = 'starting' | 'running' | 'retrying' | 'stopped';

/** The series of a consumer service's metrics that createBatchConsumer itself updates. */
export type BatchConsumerMetrics = Pick<ConsumerMetrics, 'lag' | 'dlq' | 'parked' | 'retries'>;

export interface DeadLetterOptions {
  producer: RecordProducer;
  topic: string;
  /** Called once the batch's dead letters are acknowledged, with how many there were. */
  onDeadLettered?(records: number): void;
  /** Called once a parked record is acknowledged by the DLQ. */
  onParked?(record: ConsumedRecord, error: unknown): void;
}

export interface BatchConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Turns one record into what the handler works on; throws InvalidEventError for a bad one. */
  decode(record: ConsumedRecord): Promise<T>;
  /** The batches of one group: distinct partitions, in no particular order. */
  handleBatches(batches: DecodedBatch<T>[]): Promise<void>;
  /** Records a group may hold (default 5 000); a bigger batch is handled alone. */
  maxGroupRecords?: number;
  deadLetter: DeadLetterOptions;
  /**
   * Asks every dependency now (not the last probe answer): undefined when all answer, else
   * which do not. A failure is isolated only when this says all are up; without it, a failure
   * that does not look like an outage is isolated on that alone.
   */
  unavailableDependency?(): Promise<string | undefined>;
  logger: Logger;
  /**
   * The service's metrics object (createConsumerMetrics in it): this adapter sets
   * kafka_consumer_lag and counts dlq_records_total (per dead-lettered record, by error class),
   * consumer_records_parked_total (per parked record, by error code) and
   * consumer_batch_retries_total (per failed batch attempt, by error code).
   */
  metrics?: Partial<BatchConsumerMetrics>;
  /** Called for each failed attempt before it is retried (e.g. to count its records). */
  onRetry?(error: unknown, batch: ConsumedBatch): void;
  /** Called when the consumer stayed stopped longer than `maxStoppedMs` despite restarts (main exits). */
  onFatal?(error: unknown): void;
  /** How long the consumer may stay stopped (crashed, restarting) before liveness fails (default 5 min). */
  maxStoppedMs?: number;
  maxBackoffMs?: number;
  maxBytesPerPartition?: number;
  /**
   * The shortest fetch-to-fetch cycle under load: a group handled and committed sooner waits out
   * the rest before kafkajs fetches again (default 0: fetch at once).
   */
  lingerMs?: number;
  /** Batches kafkajs hands over at the same time, i.e. the most one group holds (default 1). */
  concurrentPartitions?: number;
  /** Called after `nextOffset` (lastOffset + 1) of a partition was committed; for tests and progress. */
  onCommitted?(commit: { topic: string; partition: number; nextOffset: string }): void;
}

export interface BatchConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): ConsumerState;
  /** undefined while alive; else why not: stopped longer than `maxStoppedMs` (for /healthz). */
  liveness(): string | undefined;
}
