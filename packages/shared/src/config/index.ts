// Public API: the environment schemas of each service, loadConfig(schema, source), and
// redisTarget(config): which Redis (one node, Sentinel, Cluster) the config names.
export { configProblems, type EnvSource, loadConfig } from './load-config.ts';
export {
  DEFAULT_REDIS_URL,
  describeRedisTarget,
  type HostPort,
  type RedisAuth,
  type RedisTarget,
  redisTarget,
} from './redis-connection.ts';
export {
  type BookerConfig,
  bookerSchema,
  type CommonConfig,
  commonSchema,
  type IngestConfig,
  type InvalidatorConfig,
  ingestSchema,
  invalidatorSchema,
  topicName,
} from './schema.ts';
export { topicVariables } from './topic-variables.ts';
export { OTLP_PROTOCOLS, TRACES_SAMPLERS, type TracingConfig, tracingFields } from './tracing-fields.ts';
export { decodeWebhookSecret, MIN_WEBHOOK_SECRET_BYTES } from './webhook-secret.ts';
