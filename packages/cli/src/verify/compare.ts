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

export function compareAppointments(
  expected: ReadonlyMap<string, ComparableRow>,
  actual: ReadonlyMap<string, ComparableRow>,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const uids = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  for (const uid of uids) {
    const want = expected.get(uid);
    const have = actual.get(uid);
    if (!want || !have) {
      mismatches.push({
        bookingUid: uid,
        column: '(row)',
        expected: want ? 'present' : 'absent',
        actual: have ? 'present' : 'absent',
      });
      continue;
    }
    for (const [key, column] of COMPARED_COLUMNS) {
      if (show(key, want[key]) !== show(key, have[key])) {
        mismatches.push({ bookingUid: uid, column, expected: show(key, want[key]), actual: show(key, have[key]) });
      }
    }
  }
  return mismatches;
}
