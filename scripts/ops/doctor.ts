// npm run doctor [-- --json]: the automated deployment sign-off. Checks Kafka, every topic and
// its configuration, the schema registry and each subject, MariaDB, migrations, schema drift,
// index counts, Redis and consumer-group lag; prints a PASS/WARN/FAIL table (or JSON), exits
// non-zero on any FAIL. Read-only: it never creates, alters or deletes anything.
import { bookerSchema, invalidatorSchema, loadConfig } from '@booking/shared/config';
import { TOPICS } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { checkDatabase } from './doctor/database-checks.ts';
import { checkKafka, createDoctorKafka } from './doctor/kafka-checks.ts';
import { checkRedis } from './doctor/redis-checks.ts';
import { checkRegistry } from './doctor/registry-checks.ts';
import { exitCode, formatTable, runCheck, toJson } from './doctor/report.ts';
import type { CheckResult } from './doctor/types.ts';

const CHECK_TIMEOUT_MS = 8_000;
const json = process.argv.includes('--json');
const started = Date.now();

const booker = loadConfig(bookerSchema, process.env);
const invalidator = loadConfig(invalidatorSchema, process.env);
const logger = createLogger({ name: 'doctor', level: 'silent' });
const kafka = createDoctorKafka(booker, logger);
const groups = [
  { id: booker.BOOKER_GROUP_ID, topics: [TOPICS.calcom, TOPICS.retell] },
  { id: invalidator.INVALIDATOR_GROUP_ID, topics: [TOPICS.changes] },
];

const results: CheckResult[] = (
  await Promise.all([
    runCheck('kafka', () => checkKafka(kafka, booker, groups), CHECK_TIMEOUT_MS),
    runCheck('schema registry', () => checkRegistry(booker.SCHEMA_REGISTRY_URL), CHECK_TIMEOUT_MS),
    runCheck('mariadb', () => checkDatabase(booker.DATABASE_URL), CHECK_TIMEOUT_MS),
    runCheck('redis', () => checkRedis(booker.REDIS_URL), CHECK_TIMEOUT_MS),
  ])
).flat();

const durationMs = Date.now() - started;
console.log(json ? toJson(results, durationMs) : `${formatTable(results)} in ${(durationMs / 1000).toFixed(1)} s`);
process.exit(exitCode(results));
