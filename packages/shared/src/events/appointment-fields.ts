// The one definition of an appointment row (DESIGN.md "Field table"): each field's column, SQL
// type and length, how the database compares it, nullability, Avro type and allowed values.
// Derived from it: the entities (orm/entities), the booker's SQL column lists, parameters and
// row mapping (orm/appointment-row.ts, orm/customer-row.ts), the types AppointmentState and
// AppointmentChangeV1 and the change record's Avro schema, the status and source lists, the
// ledger's key columns, verify's compared columns, the key collations the drift guard and
// doctor check, and the value limits both the ingest and the booker check (record-problems.ts,
// through the record bindings of record-bindings.ts).
//
// Adding a column takes these steps (packages/shared/test/orm and test/contract/field-table
// .int.test.ts fail when the live schema or a derived place disagrees):
//   1. one entry here (key(n) for a key or link column: compared byte for byte);
//   2. a migration in orm/migrations (SQL written out, listed in MIGRATIONS);
//   3. where its value comes from: a field of the source record's Avro schema
//      (booking-state.v1.ts / voice-booking.v1.ts, optional for BACKWARD compatibility), the
//      ingest's parser that fills it, and one binding in record-bindings.ts (CALCOM_BINDINGS /
//      VOICE_BINDINGS: record field -> column). The binding is the one written mapping (a
//      webhook field is not a column); the limits checked at the door and in the booker, and the
//      booker's row (boundState), follow from it;
//   4. only for a value that is not a copy of one record field (a choice, a default, a value the
//      row keeps): the merge rule that sets it (stateFromCalcom, rescheduledOldState,
//      mergeRetell); the compiler names each builder of AppointmentState that lacks it.
// A remembered ("previous") field is one APPOINTMENT_PREVIOUS_FIELDS entry plus its migration.

/**
 * How the database compares a text column (issue #21). `bytes`: byte for byte, no padding
 * (utf8mb4_nopad_bin) — every key and link column, so that MariaDB, JavaScript and the Kafka key
 * agree on which values are one key ('abc' and 'abc ', 'ß' and 'ss', NFC and NFD differ). `text`:
 * the tables' utf8mb4_unicode_ci, only for values nothing looks up or joins on. A normalisation
 * that is meant (an e-mail's case) happens in code before the key is built, never in a collation.
 */
export type Comparison = 'bytes' | 'text';

export type SqlType =
  | { kind: 'varchar'; length: number; compare: Comparison }
  /** MariaDB TEXT: at most 65 535 bytes of UTF-8 */
  | { kind: 'text'; compare: Comparison }
  | { kind: 'bigint' }
  | { kind: 'int unsigned' }
  /** DATETIME(3), written in UTC */
  | { kind: 'datetime' };

export interface FieldSpec {
  column: string;
  sql: SqlType;
  nullable: boolean;
  avro: 'string' | 'long';
  /** The only values allowed (an enum): the TypeScript type, the doc and the checks follow. */
  values?: readonly string[];
  /** A booking UID: within its column and free of control characters. */
  uid?: boolean;
  /** An identifier: a positive integer. */
  id?: boolean;
  doc?: string;
}

/** Cal.com's booking statuses; the booker adds RESCHEDULED for the old booking of a move. */
export const BOOKING_STATUSES = ['ACCEPTED', 'PENDING', 'CANCELLED', 'REJECTED'] as const;
export const APPOINTMENT_STATUSES = [...BOOKING_STATUSES, 'RESCHEDULED'] as const;
/** Whose record set an appointment's current state. */
export const APPOINTMENT_SOURCES = ['calcom', 'retell'] as const;

const varchar = (length: number) => ({ kind: 'varchar', length, compare: 'text' }) as const;
/** A key or link column: compared byte for byte. */
const key = (length: number) => ({ kind: 'varchar', length, compare: 'bytes' }) as const;
const TEXT = { kind: 'text', compare: 'text' } as const;
const BIGINT = { kind: 'bigint' } as const;
const INT_UNSIGNED = { kind: 'int unsigned' } as const;
const DATETIME = { kind: 'datetime' } as const;

/**
 * The row part of an appointment (AppointmentState, in this order). `version` is written last
 * in the upsert because the version guard of every other column compares against it.
 */
export const APPOINTMENT_STATE_FIELDS = {
  bookingUid: { column: 'booking_uid', sql: key(191), nullable: false, avro: 'string', uid: true },
  customerId: { column: 'customer_id', sql: INT_UNSIGNED, nullable: true, avro: 'long', id: true },
  source: {
    column: 'source',
    sql: varchar(16),
    nullable: false,
    avro: 'string',
    values: APPOINTMENT_SOURCES,
    doc: APPOINTMENT_SOURCES.join(' | '),
  },
  status: {
    column: 'status',
    sql: varchar(16),
    nullable: false,
    avro: 'string',
    values: APPOINTMENT_STATUSES,
    doc: APPOINTMENT_STATUSES.join(' '),
  },
  title: { column: 'title', sql: varchar(512), nullable: true, avro: 'string' },
  eventTypeId: { column: 'event_type_id', sql: BIGINT, nullable: true, avro: 'long', id: true },
  teamId: { column: 'team_id', sql: BIGINT, nullable: true, avro: 'long', id: true },
  startAt: { column: 'start_at', sql: DATETIME, nullable: true, avro: 'long', doc: 'UTC epoch ms' },
  endAt: { column: 'end_at', sql: DATETIME, nullable: true, avro: 'long', doc: 'UTC epoch ms' },
  timeZone: { column: 'time_zone', sql: varchar(64), nullable: true, avro: 'string' },
  location: { column: 'location', sql: varchar(1024), nullable: true, avro: 'string' },
  rescheduledFromUid: { column: 'rescheduled_from_uid', sql: key(191), nullable: true, avro: 'string', uid: true },
  rescheduledToUid: { column: 'rescheduled_to_uid', sql: key(191), nullable: true, avro: 'string', uid: true },
  cancellationReason: { column: 'cancellation_reason', sql: TEXT, nullable: true, avro: 'string' },
  calcomBookingId: { column: 'calcom_booking_id', sql: BIGINT, nullable: true, avro: 'long', id: true },
  retellCallId: { column: 'retell_call_id', sql: key(128), nullable: true, avro: 'string' },
  version: { column: 'version', sql: BIGINT, nullable: false, avro: 'long' },
  lastEventId: { column: 'last_event_id', sql: key(64), nullable: true, avro: 'string' },
} as const satisfies Record<string, FieldSpec>;

/** What the last applied change replaced, so that its change record can be produced again. */
export const APPOINTMENT_PREVIOUS_FIELDS = {
  previousStartAt: { column: 'previous_start_at', sql: DATETIME, nullable: true, avro: 'long', of: 'startAt' },
  previousEventTypeId: { column: 'previous_event_type_id', sql: BIGINT, nullable: true, avro: 'long', of: 'eventTypeId' },
  previousCustomerId: { column: 'previous_customer_id', sql: INT_UNSIGNED, nullable: true, avro: 'long', of: 'customerId' },
} as const satisfies Record<string, FieldSpec & { of: keyof typeof APPOINTMENT_STATE_FIELDS }>;

/** The customer a booking links to (customers table; the key is built by `customerKey`). */
export const CUSTOMER_FIELDS = {
  customerKey: { column: 'customer_key', sql: key(320), nullable: false, avro: 'string' },
  email: { column: 'email', sql: varchar(320), nullable: true, avro: 'string' },
  phone: { column: 'phone', sql: varchar(32), nullable: true, avro: 'string' },
  name: { column: 'name', sql: varchar(255), nullable: true, avro: 'string' },
} as const satisfies Record<string, FieldSpec>;

/** Columns the store manages itself (never part of a record). */
export const APPOINTMENT_MANAGED_COLUMNS = { id: 'id', createdAt: 'created_at', updatedAt: 'updated_at' } as const;

/** The processed-event ledger's key: an event id must fit it (and last_event_id). */
export const EVENT_ID_FIELD = APPOINTMENT_STATE_FIELDS.lastEventId;

/** The ledger's columns that hold values of the fields above (the rest is Kafka's position). */
export const PROCESSED_EVENT_FIELDS = {
  eventId: { ...EVENT_ID_FIELD, column: 'event_id', nullable: false },
  bookingUid: APPOINTMENT_STATE_FIELDS.bookingUid,
} as const satisfies Record<string, FieldSpec>;

/** Every key and link column (compared as bytes), by table: what the drift guard and doctor check. */
export const KEY_COLUMNS: readonly { table: string; column: string }[] = Object.entries({
  appointments: { ...APPOINTMENT_STATE_FIELDS, ...APPOINTMENT_PREVIOUS_FIELDS },
  customers: CUSTOMER_FIELDS,
  processed_events: PROCESSED_EVENT_FIELDS,
} as Record<string, Record<string, FieldSpec>>).flatMap(([table, fields]) =>
  Object.values(fields)
    .filter((spec) => 'compare' in spec.sql && spec.sql.compare === 'bytes')
    .map((spec) => ({ table, column: spec.column })),
);

/** The collation of each comparison, as information_schema names it. */
export const COLLATIONS = { bytes: 'utf8mb4_nopad_bin', text: 'utf8mb4_unicode_ci' } as const satisfies Record<
  Comparison,
  string
>;

/** The collation a column of `sql` must have, or undefined for a column that holds no text. */
export const collationOf = (sql: SqlType): string | undefined =>
  sql.kind === 'varchar' || sql.kind === 'text' ? COLLATIONS[sql.compare] : undefined;

/**
 * Whether a collation ignores trailing spaces. MariaDB's information_schema.COLLATIONS has no
 * PAD_ATTRIBUTE column (MySQL 8 has): there the name says it, and `binary` never pads.
 */
export const padAttribute = (collation: string): 'NO PAD' | 'PAD SPACE' =>
  collation === 'binary' || /nopad/i.test(collation) ? 'NO PAD' : 'PAD SPACE';

export type AppointmentStateField = keyof typeof APPOINTMENT_STATE_FIELDS;
export type AppointmentPreviousField = keyof typeof APPOINTMENT_PREVIOUS_FIELDS;
/** The state fields whose replaced value the row keeps (startAt, eventTypeId, customerId). */
export type RememberedField = (typeof APPOINTMENT_PREVIOUS_FIELDS)[AppointmentPreviousField]['of'];

/** The TypeScript value of a field (times: epoch ms): what records and the merge rules hold. */
export type FieldValue<S extends FieldSpec> =
  | (S['values'] extends readonly (infer V)[] ? V : S['avro'] extends 'long' ? number : string)
  | (S['nullable'] extends true ? null : never);
export type FieldValues<T extends Record<string, FieldSpec>> = { -readonly [K in keyof T]: FieldValue<T[K]> };

export const entriesOf = <K extends string>(table: Record<K, FieldSpec>) => Object.entries(table) as [K, FieldSpec][];

/** The MariaDB column type as information_schema.COLUMNS.COLUMN_TYPE spells it. */
export function columnType(sql: SqlType): string {
  switch (sql.kind) {
    case 'varchar':
      return `varchar(${sql.length})`;
    case 'text':
      return 'text';
    case 'bigint':
      return 'bigint(20)';
    case 'int unsigned':
      return 'int(10) unsigned';
    case 'datetime':
      return 'datetime(3)';
  }
}
