// Every key and link column compares byte for byte with no padding (issue #21). utf8mb4_bin is a
// PAD SPACE collation: 'abc' and 'abc ' were one key, so the booker's upsert of "abc " landed
// on the row of "abc", its id lookup missed, and the group was retried forever (no booking of
// anyone applied). customer_key was utf8mb4_unicode_ci, where ß = ss and full-width letters
// equal ASCII: two people became one customer. The ledger's event ids had the same flaw.
//
// Safe on a populated table: NO PAD binary compares strictly finer than the collations it
// replaces, so no existing pair of rows can collide in a unique index; the types, lengths and
// nullability stay as they were (nothing is truncated). appointments and customers are rebuilt
// online (ALGORITHM=INPLACE, LOCK=NONE: reads and writes go on, and a server that cannot do that
// refuses rather than locking the table). processed_events cannot: MariaDB changes a primary
// key's collation only by copying the table, so LOCK=SHARED lets reads go on while the booker's
// ledger inserts wait for the copy (the table holds BOOKER_LEDGER_RETENTION_DAYS of events).
// One statement per table; re-running one is harmless.
import { Migration } from '@mikro-orm/migrations';

type Column = [name: string, type: string, nullability: 'not null' | 'null', previous: string];

const ONLINE: Record<string, string> = {
  appointments: ', algorithm=inplace, lock=none',
  customers: ', algorithm=inplace, lock=none',
  processed_events: ', algorithm=copy, lock=shared',
};

const TABLES: Record<string, Column[]> = {
  appointments: [
    ['booking_uid', 'varchar(191)', 'not null', 'utf8mb4_bin'],
    ['rescheduled_from_uid', 'varchar(191)', 'null', 'utf8mb4_bin'],
    ['rescheduled_to_uid', 'varchar(191)', 'null', 'utf8mb4_bin'],
    ['retell_call_id', 'varchar(128)', 'null', 'utf8mb4_unicode_ci'],
    ['last_event_id', 'varchar(64)', 'null', 'utf8mb4_unicode_ci'],
  ],
  customers: [['customer_key', 'varchar(320)', 'not null', 'utf8mb4_unicode_ci']],
  processed_events: [
    ['event_id', 'varchar(64)', 'not null', 'utf8mb4_unicode_ci'],
    ['booking_uid', 'varchar(191)', 'not null', 'utf8mb4_unicode_ci'],
  ],
};

const alter = (collationOf: (c: Column) => string, locking: (table: string) => string) =>
  Object.entries(TABLES).map(
    ([table, columns]) =>
      `alter table \`${table}\` ${columns
        .map((c) => `modify \`${c[0]}\` ${c[1]} character set utf8mb4 collate ${collationOf(c)} ${c[2]}`)
        .join(', ')}${locking(table)};`,
  );

export class MigrationNopadKeys extends Migration {
  override async up(): Promise<void> {
    for (const sql of alter(
      () => 'utf8mb4_nopad_bin',
      (table) => ONLINE[table] ?? '',
    ))
      this.addSql(sql);
  }

  // Fails with a duplicate-key error (and leaves that table as it was) once keys exist that the
  // old collations fold together, e.g. 'abc' and 'abc ': going back would merge them.
  override async down(): Promise<void> {
    for (const sql of alter(
      (c) => c[3],
      () => '',
    ))
      this.addSql(sql);
  }
}
