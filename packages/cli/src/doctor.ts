// npm run doctor [-- --json]: the automated deployment sign-off. Checks Kafka, every topic and
// its configuration, the schema registry and each subject, MariaDB, migrations, schema drift,
// index counts, Redis and consumer-group lag; prints a PASS/WARN/FAIL table (or JSON), exits
// non-zero on any FAIL. Read-only: it never creates, alters or deletes anything.
import { bookerSchema, invalidatorSchema, loadConfig, redisTarget } from '@booking/shared/config';
import { kafkaSecurity, topicSpecsFor } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { registryAuth } from '@booking/shared/registry';
import { createDoctorKafka } from './doctor/kafka-checks.ts';
import { exitCode, formatTable, toJson } from './doctor/report.ts';
import { runDoctor } from './doctor/run-doctor.ts';
import { type CommandSpec, runCommand } from './lib/cli.ts';
import { commandExits } from './lib/exit-codes.ts';
import { bookerTopicsOf, invalidatorChangesOf } from './lib/topics.ts';

const spec: CommandSpec = {
  name: 'doctor',
  summary:
    'Check Kafka, topics, the schema registry and its subjects, MariaDB, migrations, schema drift, Redis and lag (read-only).',
  usage: 'npm run doctor -- [--json]',
  options: { json: { type: 'boolean', description: 'print the results as JSON' } },
  ...commandExits({
    ok: 'every check passed (warnings allowed)',
    found: 'a check failed',
  }),
};

await runCommand(spec, async ({ values }) => {
  const started = Date.now();
  const booker = loadConfig(bookerSchema, process.env);
  const invalidator = loadConfig(invalidatorSchema, process.env);
  const topics = bookerTopicsOf(booker);
  const changes = invalidatorChangesOf(invalidator);

  const results = await runDoctor({
    kafka: createDoctorKafka(booker.KAFKA_BROKERS, createLogger({ name: 'doctor', level: 'silent' }), kafkaSecurity(booker)),
    brokers: booker.KAFKA_BROKERS,
    topics: topicSpecsFor(topics, booker.KAFKA_TOPIC_PARTITIONS, booker.KAFKA_REPLICATION_FACTOR),
    groups: [
      { id: booker.BOOKER_GROUP_ID, topics: [topics.calcom, topics.retell] },
      { id: invalidator.INVALIDATOR_GROUP_ID, topics: [changes] },
    ],
    registryUrl: booker.SCHEMA_REGISTRY_URL,
    registryAuth: registryAuth(booker),
    databaseUrl: booker.DATABASE_URL,
    redis: redisTarget(booker),
    dlqTopic: booker.BOOKER_TOPIC_DLQ,
  });

  const durationMs = Date.now() - started;
  console.log(values.json ? toJson(results, durationMs) : `${formatTable(results)} in ${(durationMs / 1000).toFixed(1)} s`);
  return exitCode(results);
});
