// Pure comparison of the appointments the source topics imply (the booker's merge rules over
// every record) with the rows MariaDB holds. One mismatch per differing column; a row missing
// on either side is one mismatch with column "(row)".
import type { AppointmentState } from '../../../services/booker/src/handlers/types.ts';

/** An appointment as compared: the merge state plus the customer's key instead of its id. */
export type ComparableRow = Omit<AppointmentState, 'customerId'> & { customerKey: string | null };

export interface Mismatch {
  bookingUid: string;
  column: string;
  expected: string;
  actual: string;
}

const COLUMNS: [keyof ComparableRow, string][] = [
  ['customerKey', 'customer_key'],
  ['source', 'source'],
  ['status', 'status'],
  ['title', 'title'],
  ['eventTypeId', 'event_type_id'],
  ['teamId', 'team_id'],
  ['startAt', 'start_at'],
  ['endAt', 'end_at'],
  ['timeZone', 'time_zone'],
  ['location', 'location'],
  ['rescheduledFromUid', 'rescheduled_from_uid'],
  ['rescheduledToUid', 'rescheduled_to_uid'],
  ['cancellationReason', 'cancellation_reason'],
  ['calcomBookingId', 'calcom_booking_id'],
  ['retellCallId', 'retell_call_id'],
  ['version', 'version'],
  ['lastEventId', 'last_event_id'],
];

const TIME_COLUMNS = new Set<keyof ComparableRow>(['startAt', 'endAt']);

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
    for (const [key, column] of COLUMNS) {
      if (show(key, want[key]) !== show(key, have[key])) {
        mismatches.push({ bookingUid: uid, column, expected: show(key, want[key]), actual: show(key, have[key]) });
      }
    }
  }
  return mismatches;
}
