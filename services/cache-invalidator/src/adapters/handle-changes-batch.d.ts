import type { ConsumedBatch, RecordProducer } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import type { SchemaRegistry } from '@booking/shared/registry';
import { type StaleKeyStore } from '../handlers/invalidate-changes.ts';
import type { InvalidatorMetrics } from './metrics.ts';
export interface BatchOutcome {
  topic: string;
  partition: number;
  lastOffset: string;
  records: number;
  keys: string[];
  removed: number;
  dlq: number;
}
export interface ChangesBatchDeps {
  schemaRegistry: SchemaRegistry;
  cache: StaleKeyStore;
  dlqProducer: RecordProducer;
  dlqTopic: string;
  groupId: string;
  metrics: InvalidatorMetrics;
  logger: Logger;
  now?: () => number;
  onBatch?: (outcome: BatchOutcome) => void;
}
export declare function createChangesBatchHandler(deps: ChangesBatchDeps): (batch: ConsumedBatch) => Promise<void>;
