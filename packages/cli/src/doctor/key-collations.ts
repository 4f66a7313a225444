// Doctor's view of issue #21: every key and link column of the field table (KEY_COLUMNS) must
// compare byte for byte with no padding. A PAD SPACE collation makes 'abc' and 'abc ' one key
// in MariaDB while JavaScript and Kafka keep them apart (the booker then retries a group
// forever); the drift guard reports it too, this line says it in those words.
import { COLLATIONS, KEY_COLUMNS, padAttribute } from '@booking/shared/events';
import type { CheckResult } from './types.ts';

export interface LiveCollation {
  table: string;
  column: string;
  collation: string | null;
}

/** Judges the live collations of the key columns (rows of information_schema.COLUMNS). */
export function judgeKeyCollations(live: readonly LiveCollation[]): CheckResult {
  const of = (k: { table: string; column: string }) =>
    live.find((l) => l.table === k.table && l.column === k.column)?.collation ?? null;
  const wrong = KEY_COLUMNS.flatMap((k) => {
    const collation = of(k);
    if (collation === COLLATIONS.bytes || collation === 'binary') return [];
    const found = collation === null ? 'missing' : `${collation} (${padAttribute(collation)})`;
    return [`${k.table}.${k.column} is ${found}`];
  });
  if (wrong.length === 0)
    return {
      check: 'key collations',
      status: 'PASS',
      evidence: `${KEY_COLUMNS.length} key columns are ${COLLATIONS.bytes} (NO PAD)`,
    };
  return {
    check: 'key collations',
    status: 'FAIL',
    evidence: `${wrong.join('; ')}: keys must be ${COLLATIONS.bytes} (NO PAD), run npm run migrate`,
  };
}

export const KEY_COLLATIONS_SQL = `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, COLLATION_NAME AS collation
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`;
