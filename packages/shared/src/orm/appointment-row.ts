// The appointments row <-> AppointmentState mapping and the column lists of the booker's SQL,
// derived from the field table (events/appointment-fields.ts): times are DATETIME(3) in UTC
// there and epoch ms here, integers come back as numbers, and nothing else is converted.
import type { AppointmentState } from '../events/appointment-change.v1.ts';
import {
  APPOINTMENT_MANAGED_COLUMNS,
  APPOINTMENT_PREVIOUS_FIELDS,
  APPOINTMENT_STATE_FIELDS,
  type AppointmentStateField,
  entriesOf,
  type FieldSpec,
  type RememberedField,
} from '../events/appointment-fields.ts';

/** What the last applied change replaced (all null for a row that did not exist before it). */
export type PreviousState = Pick<AppointmentState, RememberedField>;

export interface StoredAppointment extends AppointmentState {
  id: number;
  previous: PreviousState;
}

const STATE = entriesOf(APPOINTMENT_STATE_FIELDS);
const PREVIOUS = entriesOf(APPOINTMENT_PREVIOUS_FIELDS).map(([name, spec]) => ({
  name,
  spec,
  of: APPOINTMENT_PREVIOUS_FIELDS[name].of,
}));
const { id, createdAt, updatedAt } = APPOINTMENT_MANAGED_COLUMNS;

/** The columns an upsert writes, in the order of appointmentRowParams. */
export const APPOINTMENT_WRITE_COLUMNS: readonly string[] = [
  ...STATE.map(([, s]) => s.column),
  ...PREVIOUS.map((p) => p.spec.column),
  createdAt,
  updatedAt,
];
/** The columns an upsert never overwrites: the key, the guard itself and the creation time. */
export const APPOINTMENT_UNGUARDED_COLUMNS: readonly string[] = [
  APPOINTMENT_STATE_FIELDS.bookingUid.column,
  APPOINTMENT_STATE_FIELDS.version.column,
  createdAt,
];
export const APPOINTMENT_READ_COLUMNS: readonly string[] = [
  id,
  ...STATE.map(([, s]) => s.column),
  ...PREVIOUS.map((p) => p.spec.column),
];
export const APPOINTMENT_UID_COLUMN = APPOINTMENT_STATE_FIELDS.bookingUid.column;

export const NO_PREVIOUS: PreviousState = Object.fromEntries(PREVIOUS.map((p) => [p.of, null])) as PreviousState;

/** What a row held of the remembered fields: the `previous` of the change that replaces it. */
export const previousOf = (row: AppointmentState): PreviousState =>
  Object.fromEntries(PREVIOUS.map((p) => [p.of, row[p.of]])) as PreviousState;

export const toSqlTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 23).replace('T', ' '));

export const fromSqlTime = (v: unknown) => {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`);
};

const toSql = (spec: FieldSpec, value: unknown) => (spec.sql.kind === 'datetime' ? toSqlTime(value as number | null) : value);

function fromSql(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (spec.sql.kind === 'datetime') return fromSqlTime(value);
  if (spec.sql.kind === 'varchar' || spec.sql.kind === 'text') return String(value);
  return Number(value);
}

/** The parameters of one row, in the order of APPOINTMENT_WRITE_COLUMNS. */
export function appointmentRowParams(state: AppointmentState, previous: PreviousState, timestamp: string | null): unknown[] {
  return [
    ...STATE.map(([name, spec]) => toSql(spec, state[name])),
    ...PREVIOUS.map((p) => toSql(p.spec, previous[p.of])),
    timestamp,
    timestamp,
  ];
}

/** A row read with APPOINTMENT_READ_COLUMNS as the booker's state. */
export function appointmentFromRow(row: Record<string, unknown>): StoredAppointment {
  const state = Object.fromEntries(STATE.map(([name, spec]) => [name, fromSql(spec, row[spec.column])])) as Record<
    AppointmentStateField,
    unknown
  >;
  const previous = Object.fromEntries(PREVIOUS.map((p) => [p.of, fromSql(p.spec, row[p.spec.column])])) as PreviousState;
  return { ...(state as unknown as AppointmentState), id: Number(row[id]), previous };
}

/** The change record's previous* fields of `previous`, named as the field table names them. */
export function previousFields(previous: PreviousState | null) {
  return Object.fromEntries(PREVIOUS.map((p) => [p.name, previous?.[p.of] ?? null])) as Record<
    (typeof PREVIOUS)[number]['name'],
    number | null
  >;
}
