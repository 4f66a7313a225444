// Where the local stack answers (overridable for CI machines) and unique names, so that several
// people can run the suite against one shared stack at once.
import { randomUUID } from 'node:crypto';

export const STACK = {
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  schemaRegistryUrl: process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
  mariadbUrl: process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
} as const;

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
