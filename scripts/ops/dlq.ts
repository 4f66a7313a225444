// npm run dlq -- inspect|redrive [--source-topic T] [--error-class C] [--since ISO] [--until ISO] [--dry-run]
// inspect: lists the dead letters (offset, source, error) matching the filters.
// redrive: re-publishes the matching ones to their source topic (after the cause is fixed);
// the consumers apply them idempotently, so a letter re-driven twice is still applied once.
import { parseArgs } from 'node:util';
import { commonSchema, loadConfig } from '@booking/shared/config';
import { createKafka, createRecordProducer, type OutgoingRecord, readTopicsToEnd, TOPICS } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { type DlqFilter, describeDeadLetter, matchesFilter, toRedriveRecord } from './dlq/redrive.ts';

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
const logger = createLogger({ name: 'dlq', level: 'warn' });
const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'dlq-tool', logger });
const chosen: OutgoingRecord[] = [];
let scanned = 0;
await readTopicsToEnd(kafka, {
  topics: [TOPICS.dlq],
  onRecord(record) {
    scanned++;
    const letter = describeDeadLetter(record);
    if (!matchesFilter(letter, filter)) return;
    if (command === 'inspect' || values['dry-run']) {
      console.log(
        `${letter.offset}\t${letter.failedAt}\t${letter.sourceTopic}/${letter.sourcePartition}@${letter.sourceOffset}\t${letter.consumerGroup}\t${letter.errorClass}: ${letter.errorMessage}`,
      );
    }
    if (command === 'redrive') chosen.push(toRedriveRecord(record));
  },
});

if (command === 'inspect') {
  console.log(`${scanned} dead letter(s) in ${TOPICS.dlq}`);
} else if (values['dry-run']) {
  console.log(`dry run: would re-publish ${chosen.length} of ${scanned} dead letter(s)`);
} else {
  const producer = createRecordProducer(kafka, { idempotent: true });
  await producer.connect();
  await producer.send(chosen);
  await producer.disconnect();
  const byTopic = Object.entries(Object.groupBy(chosen, (r) => r.topic)).map(([t, rs]) => `${t}: ${rs?.length}`);
  console.log(`re-published ${chosen.length} of ${scanned} dead letter(s)${byTopic.length ? ` (${byTopic.join(', ')})` : ''}`);
}
