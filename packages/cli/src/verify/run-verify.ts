import type { SourceTopics } from '@booking/booker';
import type { Kafka } from '@booking/shared/kafka';
import type { MikroORM } from '@booking/shared/orm';
import type { SchemaRegistry } from '@booking/shared/registry';
import { actualRows } from './actual-rows.ts';
import { compareAppointments, type Mismatch } from './compare.ts';
import { expectedRows, type ReadProgress } from './expected-rows.ts';

export interface VerifyReport {
  records: number;
  invalid: number;
  missingTopics: string[];
  expected: number;
  actual: number;
  mismatches: Mismatch[];
}

export async function runVerify(deps: {
  kafka: Kafka;
  registry: SchemaRegistry;
  orm: MikroORM;
  topics: SourceTopics;
  progress?: ReadProgress;
}): Promise<VerifyReport> {
  const expected = await expectedRows(deps.kafka, deps.registry, deps.topics, deps.progress);
  const actual = await actualRows(deps.orm);
  return {
    records: expected.records,
    invalid: expected.invalid,
    missingTopics: expected.missingTopics,
    expected: expected.rows.size,
    actual: actual.size,
    mismatches: compareAppointments(expected.rows, actual),
  };
}
