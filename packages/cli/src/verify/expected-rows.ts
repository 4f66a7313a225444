// What the source topics imply: every record, decoded and validated exactly as the booker does,
// folded with the booker's own merge rules (planBatch) over an empty database.
import { decodeRecord, planBatch, type SourceRecord, type SourceTopics } from '@booking/booker';
import { classifyRecordFailure, type Kafka, readTopicsToEnd } from '@booking/shared/kafka';
import type { SchemaRegistry } from '@booking/shared/registry';
import type { ComparableRow } from './compare.ts';

export interface ExpectedRows {
  rows: Map<string, ComparableRow>;
  records: number;
  missingTopics: string[];
  /** records the booker would have sent to the DLQ */
  invalid: number;
}

export interface ReadProgress {
  total(records: number): void;
  tick(records: number): void;
}

export async function expectedRows(
  kafka: Kafka,
  registry: SchemaRegistry,
  topics: SourceTopics,
  progress?: ReadProgress,
): Promise<ExpectedRows> {
  const calcom: SourceRecord[] = [];
  const retell: SourceRecord[] = [];
  let invalid = 0;
  const { records, missingTopics } = await readTopicsToEnd(kafka, {
    topics: [topics.calcom, topics.retell],
    onTotal: (n) => progress?.total(n),
    async onRecord(record) {
      progress?.tick(1);
      try {
        const decoded = await decodeRecord(registry, topics, record);
        (decoded.kind === 'calcom' ? calcom : retell).push(decoded);
      } catch (error) {
        // the booker's own rule: only what it would dead-letter is invalid (a non-retriable
        // error of another code, e.g. SCHEMA_UNKNOWN, is retried by the booker: verify stops)
        if (classifyRecordFailure(error) === 'dead-letter') invalid++;
        else throw error;
      }
    },
  });
  // The merge rules are order-independent across the two topics; Cal.com first keeps the fold
  // closest to the usual arrival order.
  const plan = planBatch([...calcom, ...retell], new Map());
  const rows = new Map<string, ComparableRow>();
  for (const [uid, planned] of plan.writes) {
    const { customerId: _id, ...state } = planned.state;
    rows.set(uid, { ...state, customerKey: planned.customer?.key ?? null });
  }
  return { rows, records, missingTopics, invalid };
}
