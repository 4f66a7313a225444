// The rebuild's comparison of the shadow table with the fold, without reading the table back:
// MariaDB renders every compared column of every row as text and folds the rows' MD5s into one
// 64-bit XOR; this process renders the fold the same way. Equal sums and counts mean every row
// holds what the fold says (a row that differs changes its MD5 and so the sum). Reading a million
// rows back into Node and comparing them column by column took as long as writing them; the
// column-by-column comparison (verify's) now runs only when the sums differ, to name what differs.
import { createHash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { APPOINTMENT_STATE_FIELDS, CUSTOMER_FIELDS, type FieldSpec } from '@booking/shared/events';
import { type MikroORM, toSqlTime } from '@booking/shared/orm';
import { COMPARED_COLUMNS, type ComparableRow } from '../verify/compare.ts';

type Connection = ReturnType<MikroORM['em']['getConnection']>;

const SEPARATOR = '\x1f';
const specOf = (key: keyof ComparableRow): FieldSpec =>
  key === 'customerKey' ? CUSTOMER_FIELDS.customerKey : APPOINTMENT_STATE_FIELDS[key];
/** The key, then every compared column: [field, its SQL expression, a DATETIME?] */
const FIELDS = (['bookingUid', ...COMPARED_COLUMNS.map(([key]) => key)] as (keyof ComparableRow)[]).map((key) => {
  const spec = specOf(key);
  return { key, sql: `${key === 'customerKey' ? 'c' : 'a'}.${spec.column}`, time: spec.sql.kind === 'datetime' };
});

/**
 * One row as text, as the SQL below renders it: per column `n` for NULL or `v` and the value
 * (a DATETIME(3) as 'YYYY-MM-DD hh:mm:ss.fff', an integer in decimal), joined by U+001F.
 */
export function rowText(row: ComparableRow): string {
  return FIELDS.map(({ key, time }) => {
    const value = row[key];
    if (value === null || value === undefined) return 'n';
    return `v${time ? toSqlTime(value as number) : String(value)}`;
  }).join(SEPARATOR);
}

// binary: the columns' collations differ (byte keys, unicode_ci text), and MD5 hashes bytes
const ROW_SQL = `CONCAT_WS(CHAR(31), ${FIELDS.map(({ sql }) => `IFNULL(CONCAT('v', CAST(${sql} AS BINARY)), 'n')`).join(', ')})`;

export interface TableSum {
  rows: number;
  high: number;
  low: number;
}

// rows hashed between two turns of the event loop: the table's sum is computed meanwhile
const ROWS_PER_TURN = 10_000;

/** The XOR of every row's MD5 (its first 8 bytes as two 32-bit halves), and the row count. */
export async function sumOf(rows: Iterable<ComparableRow>): Promise<TableSum> {
  const sum: TableSum = { rows: 0, high: 0, low: 0 };
  for (const row of rows) {
    if (sum.rows % ROWS_PER_TURN === 0) await setImmediate();
    const md5 = createHash('md5').update(rowText(row)).digest();
    sum.rows++;
    sum.high = (sum.high ^ md5.readUInt32BE(0)) >>> 0;
    sum.low = (sum.low ^ md5.readUInt32BE(4)) >>> 0;
  }
  return sum;
}

/** The same sum computed by MariaDB over `table` (joined with its customers' keys). */
export async function tableSum(conn: Connection, table: string): Promise<TableSum> {
  const [r] = (await conn.execute(
    `SELECT COUNT(*) AS n, BIT_XOR(CONV(LEFT(h, 8), 16, 10)) AS high, BIT_XOR(CONV(SUBSTRING(h, 9, 8), 16, 10)) AS low
       FROM (SELECT MD5(${ROW_SQL}) AS h FROM ${table} a LEFT JOIN customers c ON c.id = a.customer_id) t`,
    [],
    'all',
  )) as { n: unknown; high: unknown; low: unknown }[];
  return { rows: Number(r?.n ?? 0), high: Number(r?.high ?? 0), low: Number(r?.low ?? 0) };
}

export const sameSum = (a: TableSum, b: TableSum) => a.rows === b.rows && a.high === b.high && a.low === b.low;
