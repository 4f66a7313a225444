// buildApp(config, deps) -> the whole ingest service, startable in-process (tests, benchmark).
// start(): topics, schemas, producers, spool, HTTP — in that order; with cached schema ids it
// starts degraded (spooling) when Kafka or the registry is down (adapters/kafka-preparation.ts);
// stop(): stop intake, let in-flight requests finish, flush the producer, stop the drainer, close.
// Two Kafka clients: `requestKafka` (failFast retry profile) for the produce before a 202 and
// the readiness probe, `kafka` (keepTrying) for topics and the spool drainer.
import type { AddressInfo } from 'node:net';
import type { IngestConfig } from '@booking/shared/config';
import {
  createRecordProducer,
  type Kafka,
  kafkaCheck,
  type RecordProducer,
  resolveTopics,
  topicSpecsFor,
} from '@booking/shared/kafka';
import { createDependencyProbe, createStopOnce, type ServiceApp } from '@booking/shared/lifecycle';
import type { Logger } from '@booking/shared/logger';
import type { Registry } from '@booking/shared/metrics';
import type { SchemaRegistry } from '@booking/shared/registry';
import { createBatchingProducer } from './adapters/batching-producer.ts';
import { createDurableWriter, type DurableWriter } from './adapters/durable-writer.ts';
import { RETRY_AFTER_SECONDS } from './adapters/http-error.ts';
import { createHttpServer } from './adapters/http-server.ts';
import { type Codecs, createKafkaPreparation } from './adapters/kafka-preparation.ts';
import { createLoadShedder } from './adapters/load-shedder.ts';
import { openSpool, type Spool } from './adapters/spool.ts';
import { createSpoolDrainer } from './adapters/spool-drainer.ts';
import { receiveCalcomWebhook } from './handlers/receive-calcom-webhook.ts';
import { receiveRetellWebhook } from './handlers/receive-retell-webhook.ts';
import { standardWebhookKeys } from './handlers/verify-standard-webhook.ts';
import { createIngestMetrics } from './metrics.ts';

export interface IngestDeps {
  /** Client with the keepTrying retry profile: topics, spool drainer. */
  kafka: Kafka;
  /** Client with the failFast retry profile: the produce before a 202, the probe (default: kafka). */
  requestKafka?: Kafka;
  schemaRegistry: SchemaRegistry;
  logger: Logger;
  metricsRegistry: Registry;
  /** Clock for receive times and the Retell timestamp window. */
  now?: () => number;
  /** Drainer retry backoff, shortened in tests. */
  drainBackoffMs?: { initial: number; max: number };
}

/** The services' ServiceApp (port: the HTTP server's, useful with INGEST_PORT=0) and the spool's drain. */
export interface IngestApp extends ServiceApp {
  /** Resolves once nothing is left in the spool and records go to Kafka directly. */
  spoolDrained(): Promise<void>;
}

export function buildApp(config: Readonly<IngestConfig>, deps: IngestDeps): IngestApp {
  const logger = deps.logger;
  const now = deps.now ?? Date.now;
  const topics = resolveTopics(['calcom', 'retell'], { calcom: config.INGEST_TOPIC_CALCOM, retell: config.INGEST_TOPIC_RETELL });
  const gateway = { keys: standardWebhookKeys(config.GATEWAY_WEBHOOK_SECRETS) };
  const metrics = createIngestMetrics(deps.metricsRegistry);
  const requestKafka = deps.requestKafka ?? deps.kafka;
  // few retries: a send that fails goes to the spool, so waiting long only delays the answer
  const producer: RecordProducer = createRecordProducer(requestKafka, { idempotent: true, retries: 2 });
  const drainProducer: RecordProducer = createRecordProducer(deps.kafka, { idempotent: true });
  const batcher = createBatchingProducer({
    producer,
    lingerMs: config.INGEST_LINGER_MS,
    maxRecords: config.INGEST_MAX_BATCH_RECORDS,
    deadlineMs: config.INGEST_PRODUCE_DEADLINE_MS,
    metrics,
  });
  const broker = kafkaCheck(requestKafka);
  const probe = createDependencyProbe({
    checks: [broker],
    intervalMs: config.DEPENDENCY_PROBE_INTERVAL_MS,
    logger,
    onChange: (_name, up) => (up ? writer?.kafkaBack() : writer?.kafkaLost()),
  });
  let spool: Spool | undefined;
  let writer: DurableWriter | undefined;
  let codecs: Codecs | undefined;
  let state: 'new' | 'started' | 'stopping' = 'new';
  let port: number | undefined;

  const requireStarted = () => {
    if (!writer || !codecs) throw new Error('ingest used before start()');
    return { writer, codecs };
  };
  // Kafka up, or the spool can take records: readiness, and 503 at the door when neither
  const acceptsRecords = () => writer?.mode() === 'direct' || (spool?.enabled === true && !spool.full());
  const readiness = (): string | undefined => {
    if (state !== 'started') return state === 'new' ? 'not started' : 'stopping';
    if (acceptsRecords()) return undefined;
    return spool?.enabled ? 'kafka unavailable and the spool full' : 'kafka unavailable and the spool disabled';
  };
  const shedder = createLoadShedder({
    limits: {
      maxInFlight: config.INGEST_MAX_IN_FLIGHT,
      maxEventLoopDelayMs: config.INGEST_MAX_EVENT_LOOP_DELAY_MS,
      retryAfterSeconds: config.INGEST_SHED_RETRY_AFTER_SECONDS,
      unavailableRetryAfterSeconds: RETRY_AFTER_SECONDS,
    },
    acceptsRecords,
    metrics,
    logger: logger.child({ component: 'load-shedder' }),
  });
  const http = createHttpServer({
    bodyLimit: config.INGEST_BODY_LIMIT_BYTES,
    logger,
    metrics,
    registry: deps.metricsRegistry,
    shedder,
    readiness: () => readiness(),
    readinessDetails: () => {
      const kafka = writer?.mode() === 'direct' && probe.isUp('kafka') ? 'up' : 'unavailable';
      return { ready: readiness() === undefined, kafka, spoolBytes: spool?.bytes() ?? 0 };
    },
    calcom: (raw, request) => {
      const { writer, codecs } = requireStarted();
      const allow = { teamIds: config.CALCOM_ALLOWED_TEAM_IDS, eventTypeIds: config.CALCOM_ALLOWED_EVENT_TYPE_IDS };
      return receiveCalcomWebhook(raw, request, {
        secrets: config.CALCOM_WEBHOOK_SECRETS,
        gateway,
        allow,
        topic: topics.calcom,
        codec: codecs.calcom,
        writer,
        now,
        maxClockSkewMs: config.INGEST_MAX_CLOCK_SKEW_MS,
      });
    },
    retell: (raw, request) => {
      const { writer, codecs } = requireStarted();
      return receiveRetellWebhook(raw, request, {
        apiKey: config.RETELL_API_KEY,
        gateway,
        uidPaths: config.RETELL_BOOKING_UID_PATHS,
        topic: topics.retell,
        codec: codecs.retell,
        writer,
        now,
        maxClockSkewMs: config.INGEST_MAX_CLOCK_SKEW_MS,
      });
    },
  });

  const preparation = createKafkaPreparation({
    kafka: deps.kafka,
    schemaRegistry: deps.schemaRegistry,
    topics,
    specs: topicSpecsFor(
      topics,
      config.KAFKA_TOPIC_PARTITIONS,
      config.KAFKA_REPLICATION_FACTOR,
      config.KAFKA_MIN_INSYNC_REPLICAS,
    ),
    producers: [producer, drainProducer],
    spoolDir: config.INGEST_SPOOL_DIR,
    deadlineMs: 3 * config.DEPENDENCY_PROBE_INTERVAL_MS,
    backoffMs: { initial: deps.drainBackoffMs?.initial ?? 500, max: deps.drainBackoffMs?.max ?? 10_000 },
    logger,
    onPrepared: (registered) => {
      const changed = (['calcom', 'retell'] as const).filter((k) => registered[k].schemaId !== codecs?.[k].schemaId);
      if (changed.length > 0) {
        const ids = changed.map((k) => ({
          subject: registered[k].subject,
          cached: codecs?.[k].schemaId,
          registered: registered[k].schemaId,
        }));
        logger.error({ ids }, 'registry gave other schema ids than cached; using the registered ones from now on');
      }
      codecs = registered;
      logger.info('Kafka and the registry prepared; leaving degraded start');
      writer?.kafkaBack();
    },
  });

  // Intake first (the HTTP server), then the spool's way to Kafka, then the clients it made.
  const lifecycle = createStopOnce(async () => {
    state = 'stopping';
    preparation.stop();
    probe.stop();
    await http.close();
    shedder.stop();
    // half the grace period for the spool to reach Kafka; the rest for closing (drain on stop)
    await writer?.stop({ drainWithinMs: config.SHUTDOWN_GRACE_MS / 2 });
    await spool?.close();
    await Promise.all([producer.disconnect(), drainProducer.disconnect(), broker.close()]);
  });

  return {
    async start() {
      lifecycle.starting();
      const prepared = await preparation.start();
      codecs = prepared.codecs;
      const openedSpool = await openSpool({
        dir: config.INGEST_SPOOL_DIR,
        maxBytes: config.INGEST_SPOOL_MAX_BYTES,
        logger: logger.child({ component: 'spool' }),
        onBytesChanged: (bytes) => metrics.spoolBytes.set(bytes),
      });
      spool = openedSpool;
      writer = createDurableWriter({
        batcher,
        spool: openedSpool,
        logger,
        metrics,
        createDrainer: (onDrained) =>
          createSpoolDrainer({
            spool: openedSpool,
            producer: drainProducer,
            beforeAttempt: () => batcher.settled(),
            logger: logger.child({ component: 'spool-drainer' }),
            batchRecords: config.INGEST_MAX_BATCH_RECORDS,
            onDrained,
            initialBackoffMs: deps.drainBackoffMs?.initial,
            maxBackoffMs: deps.drainBackoffMs?.max,
          }),
      });
      writer.start();
      if (prepared.degraded) writer.kafkaLost();
      shedder.start();
      probe.start();
      await http.listen({ port: config.INGEST_PORT, host: config.INGEST_HOST });
      state = 'started';
      port = (http.server.address() as AddressInfo).port;
      logger.info({ port, topics, spoolDir: config.INGEST_SPOOL_DIR }, 'ingest listening');
      if (prepared.degraded)
        logger.warn({ topics }, 'started degraded: Kafka or the registry is down; spooling until they are back');
    },
    spoolDrained: () => writer?.drained() ?? Promise.resolve(),
    stop: lifecycle.stop,
    readiness,
    port: () => port,
  };
}
