// Public API: the topic catalogue and drift check, the Kafka client factory, an acks=all record
// producer and the batch-consumer adapter — all behind the small interfaces of ./types.ts.

export type { Kafka } from 'kafkajs';
export { type ConsumerLag, createConsumerLag } from './consumer-lag.ts';
export {
  type BatchConsumer,
  type BatchConsumerOptions,
  type ConsumerState,
  createBatchConsumer,
  type DeadLetterOptions,
} from './create-batch-consumer.ts';
export {
  createKafka,
  createRawProducer,
  createRecordProducer,
  type KafkaOptions,
  type ProducerOptions,
} from './create-kafka.ts';
export { DLQ_HEADERS, type DlqDisposition, toDlqRecord } from './dlq.ts';
export { describeTopics, ensureTopics, topicDrift } from './ensure-topics.ts';
export { type FailureScope, failureCode, failureScope } from './failure-scope.ts';
export { fetchGroupLag, type PartitionLag, partitionLags } from './group-lag.ts';
export {
  createGroupLagExporter,
  type GroupLagExporter,
  type GroupLagExporterOptions,
} from './group-lag-exporter.ts';
export { handleIsolating, type IsolationSteps } from './isolate-failures.ts';
export { type KafkaCheck, kafkaCheck } from './kafka-check.ts';
export { type KafkaSecurity, type KafkaSecurityConfig, kafkaSecurity } from './kafka-security.ts';
export { type KeepConsuming, keepConsuming } from './keep-consuming.ts';
export { type PartitionRange, partitionRanges } from './partition-ranges.ts';
export { type ReadToEndOptions, type ReadToEndResult, readTopicsToEnd } from './read-to-end.ts';
export {
  classifyRecordFailure,
  type DecodedRecords,
  deadLetterReason,
  decodeRecords,
  type FailureAction,
  failureReason,
} from './record-failure-policy.ts';
export { type BrokerLeftovers, removeFromBroker } from './remove-from-broker.ts';
export { type RetryInPlaceOptions, retryInPlace } from './retry-in-place.ts';
export { RETRY_PROFILES, type RetryProfile } from './retry-profiles.ts';
export { createServiceKafka, type ServiceKafkaConfig } from './service-kafka.ts';
export { type GroupOffset, setGroupOffsets } from './set-group-offsets.ts';
export {
  defaultMinInsyncReplicas,
  type ObservedTopic,
  pipelineTopics,
  replicationProblem,
  resolveTopics,
  TOPICS,
  type TopicDrift,
  type TopicName,
  type TopicNames,
  type TopicRole,
  type TopicSpec,
  topicConfigDrift,
  topicSpecsFor,
} from './topics.ts';
export type { ConsumedBatch, ConsumedRecord, DecodedBatch, OutgoingRecord, RecordProducer } from './types.ts';
export { toConsumedRecord, viewBatch } from './view-batch.ts';
