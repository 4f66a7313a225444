// npm run dlq -- inspect|redrive|skip …
// inspect: lists the dead letters (offset, source, error) matching the filters (--json: as JSON).
// redrive: re-publishes the matching ones to their source topic (after the cause is fixed);
// the consumers apply them idempotently, so a letter re-driven twice is still applied once.
// skip: moves the one record a stopped group is stuck on to the DLQ (./dlq/skip.ts).
import { bookerSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import type { DlqFilter } from './dlq/redrive.ts';
import { inspectDeadLetters, redriveDeadLetters } from './dlq/run-dlq.ts';
import { skipRecord } from './dlq/skip.ts';
import { type CommandSpec, type ParsedValues, runCommand, UsageError } from './lib/cli.ts';
import { commandExits, EXIT, EXIT_MEANINGS } from './lib/exit-codes.ts';
import { bookerTopicsOf } from './lib/topics.ts';

const spec: CommandSpec = {
  name: 'dlq',
  summary: [
    'Inspect, re-drive or skip dead letters of bookings.dlq.',
    '  inspect  list the dead letters matching the filters',
    '  redrive  re-publish them to their source topic (idempotent)',
    '  skip     copy the record a stopped group is stuck on to the DLQ and move the group past it',
  ].join('\n'),
  usage:
    'npm run dlq -- inspect|redrive [--disposition parked|dead-lettered] [--source-topic T] [--error-class C] [--error-code C] [--since ISO] [--until ISO] [--dry-run] [--json]\n' +
    '       npm run dlq -- skip --group G --topic T --partition P --offset O [--reason TEXT] [--json]',
  allowPositionals: true,
  options: {
    'source-topic': { type: 'string', description: 'only letters from this source topic' },
    'error-class': { type: 'string', description: 'only letters with this error class' },
    'error-code': { type: 'string', description: 'only letters with this error code (INVARIANT_BROKEN, ER_DATA_TOO_LONG, …)' },
    disposition: {
      type: 'string',
      description: 'only parked letters (failed alone in a consumer) or dead-lettered ones (refused by decoding)',
    },
    since: { type: 'string', description: 'only letters that failed at or after this ISO time' },
    until: { type: 'string', description: 'only letters that failed before this ISO time' },
    'dry-run': { type: 'boolean', description: 'redrive: show what would be re-published' },
    json: { type: 'boolean', description: 'print the result as JSON (inspect: every matching letter)' },
    group: { type: 'string', description: 'skip: the stopped consumer group' },
    topic: { type: 'string', description: 'skip: the topic of the record' },
    partition: { type: 'string', description: 'skip: its partition' },
    offset: { type: 'string', description: "skip: its offset (the group's committed offset)" },
    reason: { type: 'string', description: 'skip: why (kept in the error-message header)', default: 'skipped by an operator' },
  },
  ...commandExits({
    ok: 'inspect: no dead letter matches; redrive/skip: done',
    found: 'inspect: dead letters found',
    groupRunning: `skip: ${EXIT_MEANINGS[EXIT.groupRunning]}`,
    failed: 'could not complete (Kafka unreachable, not the offset the group is stuck on, …)',
  }),
};

function parseTime(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms)) throw new UsageError(`--${name} must be an ISO date-time, got "${String(value)}"`);
  return ms;
}

function required(values: ParsedValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`skip needs --${name}`);
  return value;
}

await runCommand(spec, async ({ positionals, values }) => {
  const [command, ...extra] = positionals;
  if ((command !== 'inspect' && command !== 'redrive' && command !== 'skip') || extra.length > 0) {
    throw new UsageError('give exactly one of inspect, redrive, skip');
  }
  const disposition = values.disposition as string | undefined;
  if (disposition !== undefined && disposition !== 'parked' && disposition !== 'dead-lettered')
    throw new UsageError(`--disposition must be parked or dead-lettered, got "${disposition}"`);
  const filter: DlqFilter = {
    sourceTopic: values['source-topic'] as string | undefined,
    errorClass: values['error-class'] as string | undefined,
    errorCode: values['error-code'] as string | undefined,
    disposition,
    since: parseTime('since', values.since),
    until: parseTime('until', values.until),
  };
  const skip =
    command === 'skip'
      ? {
          group: required(values, 'group'),
          topic: required(values, 'topic'),
          partition: Number(required(values, 'partition')),
          offset: required(values, 'offset'),
        }
      : undefined;
  if (skip && (!Number.isInteger(skip.partition) || !/^\d+$/.test(skip.offset)))
    throw new UsageError('--partition and --offset must be non-negative integers');
  const config = loadConfig(bookerSchema, process.env);
  const dlqTopic = bookerTopicsOf(config).dlq;
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: 'dlq-tool',
    security: kafkaSecurity(config),
    logger: createLogger({ name: 'dlq', level: 'silent' }),
    retry: 'failFast',
  });
  if (skip) {
    const record = await skipRecord(kafka, { ...skip, dlqTopic, reason: String(values.reason) });
    const next = (BigInt(skip.offset) + 1n).toString();
    if (values.json) console.log(JSON.stringify({ ...skip, key: record.key, dlqTopic, next }, null, 2));
    else
      console.log(
        `moved ${record.topic}/${record.partition}@${record.offset} (key ${record.key}) to ${dlqTopic}; group ${skip.group} continues at ${next}`,
      );
    return EXIT.ok;
  }
  if (command === 'inspect') {
    const { scanned, matching } = await inspectDeadLetters(kafka, dlqTopic, filter);
    if (values.json) console.log(JSON.stringify({ topic: dlqTopic, scanned, matching }, null, 2));
    else {
      for (const l of matching) {
        console.log(
          `${l.offset}\t${l.failedAt}\t${l.disposition}\t${l.sourceTopic}/${l.sourcePartition}@${l.sourceOffset}\t${l.consumerGroup}\t${l.errorCode || l.errorClass}: ${l.errorMessage}`,
        );
      }
      console.log(`${matching.length} of ${scanned} dead letter(s) in ${dlqTopic} match`);
    }
    return matching.length === 0 ? EXIT.ok : EXIT.found;
  }
  const dryRun = values['dry-run'] === true;
  const { scanned, republished } = await redriveDeadLetters(kafka, dlqTopic, filter, dryRun);
  const counts = Object.entries(Object.groupBy(republished, (r) => r.topic)).map(([t, rs]) => [t, rs?.length ?? 0] as const);
  if (values.json) {
    console.log(JSON.stringify({ topic: dlqTopic, scanned, dryRun, republished: Object.fromEntries(counts) }, null, 2));
    return EXIT.ok;
  }
  const byTopic = counts.map(([t, n]) => `${t}: ${n}`);
  const verb = dryRun ? 'dry run: would re-publish' : 're-published';
  console.log(`${verb} ${republished.length} of ${scanned} dead letter(s)${byTopic.length ? ` (${byTopic.join(', ')})` : ''}`);
  return EXIT.ok;
});
