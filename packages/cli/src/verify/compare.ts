// Pure comparison of the appointments the source topics imply (the booker's merge rules over
// every record) with the rows MariaDB holds. One mismatch per differing column; a row missing
// on either side is one mismatch with column "(row)".
import {
  APPOINTMENT_STATE_FIELDS,
  type AppointmentState,
  CUSTOMER_FIELDS,
  entriesOf,
  type FieldSpec,
} from '@booking/shared/events';

/** An appointment as compared: the merge state plus the customer's key instead of its id. */
export type ComparableRow = Omit<AppointmentState, 'customerId'> & { customerKey: string | null };

export interface Mismatch {
  bookingUid: string;
  column: string;
  expected: string;
  actual: string;
}

// Every column of the field table but the key and the customer id, whose customer is compared
// by its key (ids differ between a rebuilt and the live database).
const STATE = entriesOf(APPOINTMENT_STATE_FIELDS).filter(
  (entry): entry is [Exclude<keyof ComparableRow, 'customerKey'>, FieldSpec] =>
    entry[0] !== 'bookingUid' && entry[0] !== 'customerId',
);
export const COMPARED_COLUMNS: [keyof ComparableRow, string][] = [
  ['customerKey', CUSTOMER_FIELDS.customerKey.column],
  ...STATE.map(([name, spec]): [keyof ComparableRow, string] => [name, spec.column]),
];

const TIME_COLUMNS = new Set<keyof ComparableRow>(STATE.filter(([, spec]) => spec.sql.kind === 'datetime').map(([name]) => name));

function show(key: keyof ComparableRow, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (TIME_COLUMNS.has(key) && typeof value === 'number') return new Date(value).toISOString();
  return String(value);
}

// Equal values (the common case: every column of every row of a clean table) are settled by one
// strict comparison; only a difference is rendered, so a million-row check allocates nothing per
// column (a rebuild compares its whole shadow table before the swap).
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

const rowMismatch = (uid: string, want: boolean, have: boolean): Mismatch => ({
  bookingUid: uid,
  column: '(row)',
  expected: want ? 'present' : 'absent',
  actual: have ? 'present' : 'absent',
});

/** One mismatch per differing column, ordered by UID, then by the column order of COMPARED_COLUMNS. */
export function compareAppointments(
  expected: ReadonlyMap<string, ComparableRow>,
  actual: ReadonlyMap<string, ComparableRow>,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const [uid, want] of expected) {
    const have = actual.get(uid);
    if (!have) {
      mismatches.push(rowMismatch(uid, true, false));
      continue;
    }
    for (const [key, column] of COMPARED_COLUMNS) {
      if (same(want[key], have[key])) continue;
      const [e, a] = [show(key, want[key]), show(key, have[key])];
      if (e !== a) mismatches.push({ bookingUid: uid, column, expected: e, actual: a });
    }
  }
  for (const uid of actual.keys()) if (!expected.has(uid)) mismatches.push(rowMismatch(uid, false, true));
  // stable: a UID's columns keep their order
  return mismatches.sort((x, y) => (x.bookingUid < y.bookingUid ? -1 : x.bookingUid > y.bookingUid ? 1 : 0));
}
