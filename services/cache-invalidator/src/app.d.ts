import type { Redis } from '@booking/shared/cache';
import type { InvalidatorConfig } from '@booking/shared/config';
import { type Kafka, type RecordProducer } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import type { Registry } from '@booking/shared/metrics';
import type { SchemaRegistry } from '@booking/shared/registry';
import { type BatchOutcome } from './adapters/handle-changes-batch.ts';
export type InvalidatorAppConfig = Pick<
  InvalidatorConfig,
  'INVALIDATOR_PORT' | 'INVALIDATOR_GROUP_ID' | 'SCHEMA_REGISTRY_URL' | 'KAFKA_TOPIC_PARTITIONS' | 'KAFKA_REPLICATION_FACTOR'
>;
export interface InvalidatorDeps {
  kafka: Kafka;
  redis: Redis;
  schemaRegistry: SchemaRegistry;
  dlqProducer: RecordProducer;
  logger: Logger;
  metrics: Registry;
  topics?: {
    changes: string;
    dlq: string;
  };
  keyPrefix?: string;
  /** Host of the health server (default 0.0.0.0); tests use 127.0.0.1. */
  host?: string;
  /** The consumer crashed for good; main exits so that the orchestrator restarts it. */
  onFatal?: (error: unknown) => void;
  /** Called after each batch's keys are removed, before its offsets are committed. */
  onBatch?: (outcome: BatchOutcome) => void;
}
export interface InvalidatorApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** undefined when ready, else why not (served on /readyz). */
  readiness(): string | undefined;
  /** Port of the health server once started (useful with INVALIDATOR_PORT=0). */
  port(): number | undefined;
}
export declare function buildApp(config: InvalidatorAppConfig, deps: InvalidatorDeps): InvalidatorApp;
