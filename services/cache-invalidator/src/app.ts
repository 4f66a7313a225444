// buildApp(config, deps) -> { start, stop }: the cache invalidator, wired but not started.
// Topic names, the group id (config) and a Redis key prefix are injectable so that tests run
// against the shared stack in isolation.
import type { RedisConnection } from '@booking/shared/cache';
import type { InvalidatorConfig } from '@booking/shared/config';
import { DependencyUnavailableError } from '@booking/shared/errors';
import { type HealthServer, startHealthServer } from '@booking/shared/http';
import {
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
import { createDependencyProbe, createStopOnce, type ServiceApp, withDeadline } from '@booking/shared/lifecycle';
import type { Logger } from '@booking/shared/logger';
import type { Registry } from '@booking/shared/metrics';
import { registryAuth, registryCheck, type SchemaRegistry } from '@booking/shared/registry';
import { decodeChange } from './adapters/decode-change.ts';
import { createRedisCache } from './adapters/redis-cache.ts';
import { type BatchResult, type HandleBatchesDeps, handleBatches } from './handle-batches.ts';
import { createInvalidatorMetrics } from './metrics.ts';

export interface InvalidatorDeps {
  kafka: Kafka;
  /** Client with the failFast retry profile for the readiness probe (default: kafka). */
  probeKafka?: Kafka;
  /** Connected at start if still lazy; closed by the caller after stop(), not by the app. */
  redis: RedisConnection;
  schemaRegistry: SchemaRegistry;
  logger: Logger;
  metricsRegistry: Registry;
  topics?: Partial<InvalidatorTopics>;
  keyPrefix?: string;
  /** Host of the health server (default 0.0.0.0); tests use 127.0.0.1. */
  host?: string;
  /** The consumer stayed stopped longer than maxStoppedMs despite restarts; main exits so that the orchestrator restarts it. */
  onFatal?: (error: unknown) => void;
  /** How long the consumer may stay stopped before /healthz fails and onFatal is called (default 5 min). */
  maxStoppedMs?: number;
  /** Called once a change record that failed on its own is parked in the DLQ. */
  onParked?: (record: ConsumedRecord, error: unknown) => void;
  /** Called after each batch's keys are removed, before its offsets are committed. */
  onBatch?: (result: BatchResult) => void;
}

export type InvalidatorTopics = { changes: string; dlq: string };

/** start, stop (idempotent), readiness (on /readyz) and port (of the health server, INVALIDATOR_PORT=0 in tests). */
export type InvalidatorApp = ServiceApp;

export function buildApp(config: Readonly<InvalidatorConfig>, deps: InvalidatorDeps): InvalidatorApp {
  const topics: InvalidatorTopics = resolveTopics(['changes', 'dlq'], deps.topics);
  const logger = deps.logger.child({ component: 'cache-invalidator' });
  const metrics = createInvalidatorMetrics(deps.metricsRegistry);
  const dlqProducer = createRecordProducer(deps.kafka);
  const groupId = config.INVALIDATOR_GROUP_ID;
  const handlerDeps: HandleBatchesDeps = {
    cache: createRedisCache(deps.redis, { keyPrefix: deps.keyPrefix, waitReplicas: config.REDIS_WAIT_REPLICAS }),
    metrics,
    logger,
    onBatch: deps.onBatch,
  };
  const consumer = createBatchConsumer({
    kafka: deps.kafka,
    groupId,
    topics: [topics.changes],
    logger,
    metrics,
    concurrentPartitions: config.INVALIDATOR_CONCURRENT_PARTITIONS,
    lingerMs: config.INVALIDATOR_LINGER_MS,
    onFatal: (error) => (deps.onFatal ?? ((e) => logger.error({ err: e }, 'consumer stopped for good')))(error),
    maxStoppedMs: deps.maxStoppedMs,
    deadLetter: {
      producer: dlqProducer,
      topic: topics.dlq,
      onParked: deps.onParked,
    },
    unavailableDependency: async () => (await probe.checkNow()) ?? (await redisUnavailable()),
    decode: (record) => decodeChange(deps.schemaRegistry, record),
    handleBatches: (batches) => handleBatches(batches, handlerDeps),
  });
  // ioredis emits an error per failed reconnect; log the transitions only, not every attempt
  let redisDown = false;
  deps.redis.on('error', (error: unknown) => {
    if (redisDown) return;
    redisDown = true;
    logger.warn({ err: error }, 'redis unavailable, invalidation paused');
  });
  deps.redis.on('ready', () => {
    if (!redisDown) return;
    redisDown = false;
    logger.info('redis available again');
  });
  const redisUnavailable = () =>
    withDeadline(deps.redis.ping(), 3000, 'redis ping').then(
      () => undefined,
      () => 'redis unavailable',
    );
  const broker = kafkaCheck(deps.probeKafka ?? deps.kafka);
  const registry = registryCheck(config.SCHEMA_REGISTRY_URL, { auth: registryAuth(config) });
  const probeInterval = config.DEPENDENCY_PROBE_INTERVAL_MS;
  const probe = createDependencyProbe({
    checks: [broker, registry],
    intervalMs: probeInterval,
    logger,
  });
  const groupLag = createGroupLagExporter({
    kafka: deps.probeKafka ?? deps.kafka,
    groupId,
    topics: [topics.changes],
    registry: deps.metricsRegistry,
    intervalMs: config.KAFKA_LAG_POLL_INTERVAL_MS,
    logger,
  });
  let health: HealthServer | undefined;
  // Stop intake first (kafkajs lets the running batch finish and commit), then close what the
  // app created (DLQ producer, probe clients, health server). The Redis client and the Kafka
  // clients belong to the caller, who closes them after stop().
  const lifecycle = createStopOnce(async () => {
    probe.stop();
    await consumer.stop();
    await Promise.all([dlqProducer.disconnect(), broker.close(), groupLag.stop()]);
    await health?.close();
  });

  function readiness(): string | undefined {
    if (!lifecycle.isStarted()) return 'not started';
    const failing = probe.failing();
    if (failing) return failing;
    const state = consumer.state();
    if (state !== 'running') return `consumer ${state}`;
    if (deps.redis.status !== 'ready') return `redis ${deps.redis.status}`;
    return undefined;
  }

  const specs = topicSpecsFor(
    topics,
    config.KAFKA_TOPIC_PARTITIONS,
    config.KAFKA_REPLICATION_FACTOR,
    config.KAFKA_MIN_INSYNC_REPLICAS,
  );

  return {
    async start() {
      lifecycle.starting();
      try {
        if (deps.redis.status === 'wait') await deps.redis.connect();
        await deps.redis.ping();
      } catch (error) {
        throw new DependencyUnavailableError('redis unreachable at start', { cause: error });
      }
      await registry.check();
      await ensureTopics(deps.kafka, specs, logger);
      await dlqProducer.connect();
      await consumer.start();
      probe.start();
      groupLag.start();
      health = await startHealthServer({
        port: config.INVALIDATOR_PORT,
        host: deps.host,
        registry: deps.metricsRegistry,
        readiness,
        liveness: () => consumer.liveness(),
      });
      logger.info({ topic: topics.changes, groupId, port: health.port }, 'cache invalidator started');
    },
    stop: lifecycle.stop,
    readiness,
    port: () => health?.port,
  };
}
