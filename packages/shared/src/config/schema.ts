// The environment contract of every service (DESIGN.md, "Configuration"). Defaults point at the
// local stack so that a fresh clone runs as is. Only main.ts (and the CLI tools) read process.env;
// everything else receives the parsed, frozen config.
import { z } from 'zod';
import { TOPICS } from '../kafka/topics.ts';
import { checkConnectionSecurity, connectionSecurityFields } from './connection-security.ts';
import { flag } from './env-types.ts';
import { refusePlaceholders } from './placeholder-secrets.ts';
import { checkRedisConnection, redisConnectionFields } from './redis-connection.ts';
import { tracingFields } from './tracing-fields.ts';
import { decodeWebhookSecret, MIN_WEBHOOK_SECRET_BYTES } from './webhook-secret.ts';

const csv = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0),
  );

const idList = csv.pipe(z.array(z.string().regex(/^\d+$/, 'must be a comma-separated list of integer ids')));

// the message names the position, never the value: these are secrets
const webhookSecrets = csv.superRefine((secrets, ctx) => {
  secrets.forEach((secret, index) => {
    if (decodeWebhookSecret(secret)) return;
    const message = `entry ${index + 1} must be whsec_<base64 of at least ${MIN_WEBHOOK_SECRET_BYTES} bytes>`;
    ctx.addIssue({ code: 'custom', message });
  });
});

const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.includes(new URL(v).protocol), `must be a ${protocols.join(' or ')} URL`);

/** A Kafka topic name, defaulting to the contract's; deployments and throw-away runs rename them. */
export const topicName = (fallback: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,249}$/, 'must be a Kafka topic name')
    .default(fallback);

export const DEFAULT_RETELL_BOOKING_UID_PATHS = [
  'call.call_analysis.custom_analysis_data.booking_uid',
  'call.collected_dynamic_variables.booking_uid',
  'call.metadata.booking_uid',
];

export const commonSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Human-readable logs (pino-pretty, a dev dependency: JSON with a warning when it is absent).
    LOG_PRETTY: flag,
    KAFKA_BROKERS: csv
      .pipe(
        z.array(z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port[,host:port...]')).min(1, 'must name at least one broker'),
      )
      .default(['127.0.0.1:9092']),
    KAFKA_CLIENT_ID: z.string().min(1).optional(),
    // Partition count of the topics the services create; changing it for an existing keyed topic
    // moves keys to other partitions (docs/OPERATIONS.md, "Adding partitions"). 12 lets a group grow
    // to 12 consumers (and 1, 2, 3, 4, 6 or 12 instances share the partitions evenly).
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(12),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
    // min.insync.replicas of the topics created at start; unset = min(2, KAFKA_REPLICATION_FACTOR)
    // (kafka/topics.ts), so that an acks=all record is on two brokers before it is acknowledged.
    KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(10).optional(),
    SCHEMA_REGISTRY_URL: url(['http:', 'https:']).default('http://127.0.0.1:8081/apis/ccompat/v7'),
    DATABASE_URL: url(['mysql:', 'mariadb:']).default('mysql://root@127.0.0.1:3306/booking_pipeline'),
    ...redisConnectionFields,
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    // Set by the image (build arg GIT_REVISION); shown as the `revision` label of `*_build_info`.
    GIT_REVISION: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a git revision (letters, digits, . _ -)')
      .default('unknown'),
    // How often /readyz re-checks each dependency (broker, registry, database); a refused
    // connection counts as down at once, a check slower than three intervals too.
    DEPENDENCY_PROBE_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
    ...connectionSecurityFields,
    ...tracingFields,
  })
  .superRefine((env, ctx) => {
    checkConnectionSecurity(env, ctx);
    if (env.KAFKA_MIN_INSYNC_REPLICAS !== undefined && env.KAFKA_MIN_INSYNC_REPLICAS > env.KAFKA_REPLICATION_FACTOR) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_MIN_INSYNC_REPLICAS'],
        message: 'must not exceed KAFKA_REPLICATION_FACTOR (every acks=all write would fail)',
      });
    }
    checkRedisConnection(env, ctx);
  })
  .superRefine(refusePlaceholders);

export const ingestSchema = commonSchema
  .extend({
    INGEST_PORT: port(3000),
    INGEST_HOST: z.string().min(1).default('0.0.0.0'),
    CALCOM_WEBHOOK_SECRETS: csv,
    // Standard Webhooks secrets of a gateway that verified the provider's signature and re-signed
    GATEWAY_WEBHOOK_SECRETS: webhookSecrets,
    RETELL_API_KEY: z.string().min(1).optional(),
    CALCOM_ALLOWED_TEAM_IDS: idList,
    CALCOM_ALLOWED_EVENT_TYPE_IDS: idList,
    RETELL_BOOKING_UID_PATHS: csv
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'must be comma-separated dot paths')))
      .transform((paths) => (paths.length > 0 ? paths : DEFAULT_RETELL_BOOKING_UID_PATHS)),
    INGEST_SPOOL_DIR: z.string().min(1).default('.data/spool'),
    INGEST_SPOOL_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .default(1024 ** 3),
    INGEST_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 ** 2),
    INGEST_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(0),
    INGEST_MAX_BATCH_RECORDS: z.coerce.number().int().min(1).max(10_000).default(500),
    // load shedding (429 + Retry-After): webhooks in flight, event-loop delay p99 (0 = off)
    INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    INGEST_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    INGEST_SHED_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(1),
    // Longest a produce request may wait for acks=all before its webhooks go to the spool: with
    // the linger and the fsync it bounds the answer while Kafka stops acknowledging.
    INGEST_PRODUCE_DEADLINE_MS: z.coerce.number().int().min(50).max(30_000).default(800),
    // How far a version taken from a sender's clock (Cal.com createdAt) may be ahead of ours:
    // beyond it a broken clock would pin the booking (every later update "stale"), so 400.
    INGEST_MAX_CLOCK_SKEW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
    // The topics the ingest produces to (the booker's BOOKER_TOPIC_CALCOM/RETELL must name them);
    // the benchmark and tests point them at throw-away topics.
    INGEST_TOPIC_CALCOM: topicName(TOPICS.calcom),
    INGEST_TOPIC_RETELL: topicName(TOPICS.retell),
  })
  .superRefine((env, ctx) => {
    const unauthenticated = env.CALCOM_WEBHOOK_SECRETS.length === 0 && env.GATEWAY_WEBHOOK_SECRETS.length === 0;
    if (env.NODE_ENV === 'production' && unauthenticated) {
      const message = 'is required when NODE_ENV=production (unless GATEWAY_WEBHOOK_SECRETS is set)';
      ctx.addIssue({ code: 'custom', path: ['CALCOM_WEBHOOK_SECRETS'], message });
    }
    if (env.CALCOM_WEBHOOK_SECRETS.includes('no-secret-provided')) {
      ctx.addIssue({
        code: 'custom',
        path: ['CALCOM_WEBHOOK_SECRETS'],
        message: 'must not contain the literal "no-secret-provided" (Cal.com sends it when no secret is set)',
      });
    }
  });

// How often a consumer service reads its group's committed and end offsets from the broker to
// export kafka_consumer_group_lag for every partition.
const lagPollIntervalMs = z.coerce.number().int().min(500).max(300_000).default(5000);

// Batches a consumer service takes from kafkajs at once (partitionsConsumedConcurrently); those
// handed over together are handled as one group (createBatchConsumer): one DB transaction in
// the booker, one offset commit. Order per key holds: a key lives in one partition, and each
// partition is still one batch at a time, its offset committed only after its work.
const concurrentPartitions = (fallback: number) => z.coerce.number().int().min(1).max(64).default(fallback);

// The shortest cycle of a consumer service under load (fetch, handle, commit): a group done
// sooner waits out the rest before the next fetch, so that what arrives meanwhile shares one
// transaction or pipeline, one produce and one commit. Every cycle costs about ten socket round
// trips, whatever its size; without this the consumers spent the same CPU per second at 500/s as
// at 1 000/s (docs/BENCHMARKS.md). An idle consumer waits in its fetch as before (0 = off).
const consumerLinger = (fallback: number) => z.coerce.number().int().min(0).max(1000).default(fallback);

export const bookerSchema = commonSchema.extend({
  // 24 = both source topics' 12 partitions: a fetch's batches in one transaction, not 24 in turn
  BOOKER_CONCURRENT_PARTITIONS: concurrentPartitions(24),
  BOOKER_LINGER_MS: consumerLinger(0),
  KAFKA_LAG_POLL_INTERVAL_MS: lagPollIntervalMs,
  BOOKER_PORT: port(3001),
  BOOKER_GROUP_ID: z.string().min(1).default('booker'),
  PROCESSED_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  // Must name the topics the ingest produces to (INGEST_TOPIC_*) and the invalidator reads.
  BOOKER_TOPIC_CALCOM: topicName(TOPICS.calcom),
  BOOKER_TOPIC_RETELL: topicName(TOPICS.retell),
  BOOKER_TOPIC_CHANGES: topicName(TOPICS.changes),
  BOOKER_TOPIC_DLQ: topicName(TOPICS.dlq),
});

export const invalidatorSchema = commonSchema.extend({
  INVALIDATOR_CONCURRENT_PARTITIONS: concurrentPartitions(12),
  INVALIDATOR_LINGER_MS: consumerLinger(0),
  KAFKA_LAG_POLL_INTERVAL_MS: lagPollIntervalMs,
  INVALIDATOR_PORT: port(3002),
  INVALIDATOR_GROUP_ID: z.string().min(1).default('cache-invalidator'),
  INVALIDATOR_TOPIC_CHANGES: topicName(TOPICS.changes),
  INVALIDATOR_TOPIC_DLQ: topicName(TOPICS.dlq),
  // Replicas that must hold a batch's removals before it counts as done (WAIT): Redis replicates
  // asynchronously, so a removal only the dead primary saw comes back with its failover.
  REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).max(5).default(0),
});

export type CommonConfig = z.output<typeof commonSchema>;
export type IngestConfig = z.output<typeof ingestSchema>;
export type BookerConfig = z.output<typeof bookerSchema>;
export type InvalidatorConfig = z.output<typeof invalidatorSchema>;
