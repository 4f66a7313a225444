import { createRecordProducer, type Kafka, type OutgoingRecord, readTopicsToEnd } from '@booking/shared/kafka';
import { type DeadLetter, type DlqFilter, describeDeadLetter, matchesFilter, toRedriveRecord } from './redrive.ts';

export interface DlqScan {
  scanned: number;
  matching: DeadLetter[];
}

export async function inspectDeadLetters(kafka: Kafka, dlqTopic: string, filter: DlqFilter): Promise<DlqScan> {
  const matching: DeadLetter[] = [];
  const { records } = await readTopicsToEnd(kafka, {
    topics: [dlqTopic],
    onRecord(record) {
      const letter = describeDeadLetter(record);
      if (matchesFilter(letter, filter)) matching.push(letter);
    },
  });
  return { scanned: records, matching };
}

export interface RedriveResult {
  scanned: number;
  republished: OutgoingRecord[];
}

/** Re-publishes the matching dead letters to their source topics (nothing when dryRun). */
export async function redriveDeadLetters(
  kafka: Kafka,
  dlqTopic: string,
  filter: DlqFilter,
  dryRun = false,
): Promise<RedriveResult> {
  const chosen: OutgoingRecord[] = [];
  const { records } = await readTopicsToEnd(kafka, {
    topics: [dlqTopic],
    onRecord(record) {
      if (matchesFilter(describeDeadLetter(record), filter)) chosen.push(toRedriveRecord(record));
    },
  });
  if (!dryRun && chosen.length > 0) {
    const producer = createRecordProducer(kafka, { idempotent: true });
    await producer.connect();
    try {
      await producer.send(chosen);
    } finally {
      await producer.disconnect();
    }
  }
  return { scanned: records, republished: chosen };
}
