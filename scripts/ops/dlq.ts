// npm run dlq -- inspect|redrive [--source-topic T] [--error-class C] [--since ISO] [--until ISO] [--dry-run]
// inspect: lists the dead letters (offset, source, error) matching the filters.
// redrive: re-publishes the matching ones to their source topic (after the cause is fixed);
// the consumers apply them idempotently, so a letter re-driven twice is still applied once.
import { parseArgs } from 'node:util';
import { commonSchema, loadConfig } from '@booking/shared/config';
import { createKafka, kafkaSecurity, TOPICS } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import type { DlqFilter } from './dlq/redrive.ts';
import { inspectDeadLetters, redriveDeadLetters } from './dlq/run-dlq.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'source-topic': { type: 'string' },
    'error-class': { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const command = positionals[0];
if (command !== 'inspect' && command !== 'redrive') {
  console.error(
    'usage: npm run dlq -- inspect|redrive [--source-topic T] [--error-class C] [--since ISO] [--until ISO] [--dry-run]',
  );
  process.exit(2);
}
function parseTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    console.error(`--${name} must be an ISO date-time, got "${value}"`);
    process.exit(2);
  }
  return ms;
}
const filter: DlqFilter = {
  sourceTopic: values['source-topic'],
  errorClass: values['error-class'],
  since: parseTime('since', values.since),
  until: parseTime('until', values.until),
};

const config = loadConfig(commonSchema, process.env);
const kafka = createKafka({
  brokers: config.KAFKA_BROKERS,
  clientId: 'dlq-tool',
  security: kafkaSecurity(config),
  logger: createLogger({ name: 'dlq', level: 'warn' }),
});

if (command === 'inspect') {
  const { scanned, matching } = await inspectDeadLetters(kafka, TOPICS.dlq, filter);
  for (const l of matching) {
    console.log(
      `${l.offset}\t${l.failedAt}\t${l.sourceTopic}/${l.sourcePartition}@${l.sourceOffset}\t${l.consumerGroup}\t${l.errorClass}: ${l.errorMessage}`,
    );
  }
  console.log(`${matching.length} of ${scanned} dead letter(s) in ${TOPICS.dlq} match`);
} else {
  const { scanned, republished } = await redriveDeadLetters(kafka, TOPICS.dlq, filter, values['dry-run']);
  const byTopic = Object.entries(Object.groupBy(republished, (r) => r.topic)).map(([t, rs]) => `${t}: ${rs?.length}`);
  const verb = values['dry-run'] ? 'dry run: would re-publish' : 're-published';
  console.log(`${verb} ${republished.length} of ${scanned} dead letter(s)${byTopic.length ? ` (${byTopic.join(', ')})` : ''}`);
}
