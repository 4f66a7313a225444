// buildApp(config, deps) -> { start, stop }: the booker without process concerns (main.ts
// wires it). Topic names and the group id are injectable so that tests run in isolation.
import type { BookerConfig } from '@booking/shared/config';
import { type AppointmentChangeV1, appointmentChangeV1, subjectOf } from '@booking/shared/events';
import { type HealthServer, startHealthServer } from '@booking/shared/http';
import {
  type BatchConsumer,
  type ConsumedRecord,
  createBatchConsumer,
  createGroupLagExporter,
  createRecordProducer,
  ensureTopics,
  type Kafka,
  kafkaCheck,
  resolveTopics,
  topicSpecsFor,
} from '@booking/shared/kafka';
import { createDependencyProbe, createStopOnce, type ServiceApp } from '@booking/shared/lifecycle';
import type { Logger } from '@booking/shared/logger';
import type { Registry } from '@booking/shared/metrics';
import { assertNoSchemaDrift, assertServerSupported, type MikroORM } from '@booking/shared/orm';
import { createAvroCodec, registryAuth, registryCheck, type SchemaRegistry } from '@booking/shared/registry';
import { createAppointmentStore } from './adapters/appointment-store.ts';
import { decodeRecord } from './adapters/decode-record.ts';
import { type BatchResult, type BookerTopics, handleBatches } from './handle-batches.ts';
import { createBookerMetrics } from './metrics.ts';

export interface BookerDeps {
  kafka: Kafka;
  /** Client with the failFast retry profile for the readiness probe (default: kafka). */
  probeKafka?: Kafka;
  schemaRegistry: SchemaRegistry;
  orm: MikroORM;
  logger: Logger;
  metricsRegistry: Registry;
  topics?: Partial<BookerTopics>;
  groupId?: string;
  /** Called when the consumer stayed stopped longer than maxStoppedMs despite restarts (main exits). */
  onFatal?(error: unknown): void;
  /** How long the consumer may stay stopped before /healthz fails and onFatal is called (default 5 min). */
  maxStoppedMs?: number;
  onBatch?(result: BatchResult): void;
  /** Called once a record that failed on its own is parked in the DLQ. */
  onParked?(record: ConsumedRecord, error: unknown): void;
  onCommitted?(commit: { topic: string; partition: number; nextOffset: string }): void;
  beforeOffsetCommit?(result: BatchResult): Promise<void>;
}

/** start, stop (idempotent), readiness (on /readyz) and port (of the health server, BOOKER_PORT=0 in tests). */
export type BookerApp = ServiceApp;

const HOUR_MS = 3_600_000;

export function buildApp(config: Readonly<BookerConfig>, deps: BookerDeps): BookerApp {
  const topics: BookerTopics = resolveTopics(['calcom', 'retell', 'changes', 'dlq'], deps.topics);
  const groupId = deps.groupId ?? config.BOOKER_GROUP_ID;
  const log = deps.logger.child({ component: 'booker', groupId });
  const metrics = createBookerMetrics(deps.metricsRegistry);
  const store = createAppointmentStore(deps.orm);
  const producer = createRecordProducer(deps.kafka);
  let consumer: BatchConsumer | undefined;
  let health: HealthServer | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;

  const broker = kafkaCheck(deps.probeKafka ?? deps.kafka);
  const groupLag = createGroupLagExporter({
    kafka: deps.probeKafka ?? deps.kafka,
    groupId,
    topics: [topics.calcom, topics.retell],
    registry: deps.metricsRegistry,
    intervalMs: config.KAFKA_LAG_POLL_INTERVAL_MS,
    logger: log,
  });
  const database = { name: 'database', check: async () => void (await deps.orm.em.getConnection().execute('select 1')) };
  const probe = createDependencyProbe({
    checks: [broker, registryCheck(config.SCHEMA_REGISTRY_URL, { auth: registryAuth(config) }), database],
    intervalMs: config.DEPENDENCY_PROBE_INTERVAL_MS,
    logger: log,
  });

  const readiness = () => {
    const failing = probe.failing();
    if (failing) return failing;
    const state = consumer?.state();
    if (state === 'running') return undefined;
    return state === 'retrying' ? 'retrying a batch: a dependency is unavailable' : `consumer ${state ?? 'not started'}`;
  };

  const prune = () =>
    store.pruneLedger(config.PROCESSED_EVENTS_RETENTION_DAYS).then(
      (deleted) => deleted > 0 && log.info({ deleted }, 'processed events pruned'),
      (err: unknown) => log.warn({ err }, 'pruning processed events failed'),
    );

  const lifecycle = createStopOnce(async () => {
    if (pruneTimer) clearInterval(pruneTimer);
    probe.stop();
    await consumer?.stop();
    await Promise.all([producer.disconnect(), broker.close(), groupLag.stop()]);
    await health?.close();
  });

  return {
    async start() {
      lifecycle.starting();
      await assertServerSupported(deps.orm);
      await assertNoSchemaDrift(deps.orm);
      const specs = topicSpecsFor(
        topics,
        config.KAFKA_TOPIC_PARTITIONS,
        config.KAFKA_REPLICATION_FACTOR,
        config.KAFKA_MIN_INSYNC_REPLICAS,
      );
      await ensureTopics(deps.kafka, specs, log);
      const changeCodec = await createAvroCodec<AppointmentChangeV1>(
        deps.schemaRegistry,
        // the subject follows the topic actually used (BOOKER_TOPIC_CHANGES), not the default's
        subjectOf(topics.changes),
        appointmentChangeV1.schema,
      );
      await producer.connect();
      health = await startHealthServer({
        port: config.BOOKER_PORT,
        registry: deps.metricsRegistry,
        readiness,
        liveness: () => consumer?.liveness(),
      });
      consumer = createBatchConsumer({
        kafka: deps.kafka,
        groupId,
        topics: [topics.calcom, topics.retell],
        logger: log,
        metrics,
        concurrentPartitions: config.BOOKER_CONCURRENT_PARTITIONS,
        lingerMs: config.BOOKER_LINGER_MS,
        onFatal: deps.onFatal,
        maxStoppedMs: deps.maxStoppedMs,
        onCommitted: deps.onCommitted,
        onRetry: (_error, batch) => metrics.records.inc({ outcome: 'failed' }, batch.records.length),
        deadLetter: {
          producer,
          topic: topics.dlq,
          onDeadLettered: (records) => metrics.records.inc({ outcome: 'invalid' }, records),
          onParked: (record, error) => {
            metrics.records.inc({ outcome: 'parked' });
            deps.onParked?.(record, error);
          },
        },
        unavailableDependency: () => probe.checkNow(),
        decode: (record) => decodeRecord(deps.schemaRegistry, topics, record),
        handleBatches: (batches) =>
          handleBatches(batches, {
            topics,
            changeCodec,
            store,
            producer,
            metrics,
            logger: log,
            onBatch: deps.onBatch,
            beforeOffsetCommit: deps.beforeOffsetCommit,
          }),
      });
      await consumer.start();
      probe.start();
      groupLag.start();
      void prune();
      pruneTimer = setInterval(prune, HOUR_MS);
      pruneTimer.unref();
      log.info({ topics: [topics.calcom, topics.retell], port: health.port }, 'booker started');
    },

    // Stop intake and let the running batch finish and commit (kafkajs waits for it), then
    // close what it created (producer, probe clients, health server). What it was given (ORM,
    // Kafka clients, registries) belongs to the caller, who closes it after stop().
    stop: lifecycle.stop,
    readiness,
    port: () => health?.port,
  };
}
