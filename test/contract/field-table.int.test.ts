// The field table against the live schema (a migrated scratch database's information_schema)
// and against every place derived from it: the entity, the booker's column lists, the change
// record's Avro schema, verify's compared columns and the ingest's limits. Adding a column
// without its table entry, or changing a length in one place only, fails here.

import { parseCalcomWebhook } from '@booking/ingest';
import { calcomCreated } from '@booking/ingest/testing';
import {
  APPOINTMENT_MANAGED_COLUMNS,
  APPOINTMENT_PREVIOUS_FIELDS,
  APPOINTMENT_STATE_FIELDS,
  appointmentChangeV1,
  CUSTOMER_FIELDS,
  collationOf,
  columnType,
  entriesOf,
  type FieldSpec,
  PROCESSED_EVENT_FIELDS,
  padAttribute,
} from '@booking/shared/events';
import { APPOINTMENT_READ_COLUMNS, APPOINTMENT_WRITE_COLUMNS, AppointmentSchema, CustomerSchema } from '@booking/shared/orm';
import { useScratchDatabase } from '@booking/shared/testing';
import { describe, expect, it } from 'vitest';
import { COMPARED_COLUMNS } from '../../packages/cli/src/verify/compare.ts';

const db = useScratchDatabase('field_table');

interface LiveColumn {
  name: string;
  type: string;
  nullable: boolean;
  maxChars: number | null;
  collation: string | null;
}

async function liveColumns(table: string): Promise<Map<string, LiveColumn>> {
  const rows = (await db.orm.em
    .getConnection()
    .execute(
      'SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, CHARACTER_MAXIMUM_LENGTH AS maxChars, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [db.name, table],
      'all',
    )) as { name: string; type: string; nullable: string; maxChars: number | null; collation: string | null }[];
  return new Map(rows.map((r) => [r.name, { ...r, nullable: r.nullable === 'YES', maxChars: r.maxChars && Number(r.maxChars) }]));
}

const specsOf = (table: Record<string, FieldSpec>) => entriesOf(table).map(([, spec]) => spec);
const APPOINTMENT_SPECS = [...specsOf(APPOINTMENT_STATE_FIELDS), ...specsOf(APPOINTMENT_PREVIOUS_FIELDS)];
const MANAGED = Object.values(APPOINTMENT_MANAGED_COLUMNS) as string[];

describe('the field table', () => {
  it.each([
    ['appointments', APPOINTMENT_SPECS],
    ['customers', specsOf(CUSTOMER_FIELDS)],
  ])(
    'when %s is migrated, then every column but the managed ones is in the table with its type and nullability',
    async (table, specs) => {
      const live = await liveColumns(table);

      const fromTable = specs.map((s) => ({
        name: s.column,
        type: columnType(s.sql),
        nullable: s.nullable,
        collation: collationOf(s.sql) ?? null,
      }));
      const fromDatabase = [...live.values()]
        .filter((c) => !MANAGED.includes(c.name))
        .map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, collation: c.collation }));
      expect(fromDatabase.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
        fromTable.sort((a, b) => a.name.localeCompare(b.name)),
      );
    },
  );

  it('when the database compares a key or link column (UIDs, customer key, event ids, call id), then it is NO PAD', async () => {
    const keys = [
      ...APPOINTMENT_SPECS.map((s) => ['appointments', s] as const),
      ...specsOf(CUSTOMER_FIELDS).map((s) => ['customers', s] as const),
      ...specsOf(PROCESSED_EVENT_FIELDS).map((s) => ['processed_events', s] as const),
    ].filter(([, s]) => 'compare' in s.sql && s.sql.compare === 'bytes');
    const live = await Promise.all(keys.map(async ([table, s]) => (await liveColumns(table)).get(s.column)));

    expect(keys.map(([table, s]) => `${table}.${s.column}`)).toEqual([
      'appointments.booking_uid',
      'appointments.rescheduled_from_uid',
      'appointments.rescheduled_to_uid',
      'appointments.retell_call_id',
      'appointments.last_event_id',
      'customers.customer_key',
      'processed_events.event_id',
      'processed_events.booking_uid',
    ]);
    expect(live.map((c) => c && padAttribute(c.collation ?? ''))).toEqual(keys.map(() => 'NO PAD'));
  });

  it('when the entities are built, then each property has the column, length and nullability of the table', () => {
    for (const [schema, table] of [
      [AppointmentSchema, { ...APPOINTMENT_STATE_FIELDS, ...APPOINTMENT_PREVIOUS_FIELDS }],
      [CustomerSchema, CUSTOMER_FIELDS],
    ] as const) {
      const props = schema.meta.properties as Record<
        string,
        { fieldName?: string; fieldNames?: string[]; length?: number; nullable?: boolean }
      >;
      for (const [name, spec] of entriesOf(table as Record<string, FieldSpec>)) {
        expect({
          name,
          column: props[name]?.fieldNames?.[0] ?? props[name]?.fieldName,
          nullable: !!props[name]?.nullable,
        }).toEqual({
          name,
          column: spec.column,
          nullable: spec.nullable,
        });
        if (spec.sql.kind === 'varchar') expect(props[name]?.length).toBe(spec.sql.length);
      }
    }
  });

  it('when the booker writes and reads, then its column lists are exactly the live columns', async () => {
    const live = [...(await liveColumns('appointments')).keys()];

    expect([...APPOINTMENT_WRITE_COLUMNS].sort()).toEqual(live.filter((c) => c !== APPOINTMENT_MANAGED_COLUMNS.id).sort());
    expect([...APPOINTMENT_READ_COLUMNS].sort()).toEqual(
      live.filter((c) => c !== APPOINTMENT_MANAGED_COLUMNS.createdAt && c !== APPOINTMENT_MANAGED_COLUMNS.updatedAt).sort(),
    );
  });

  it('when the change record schema is derived, then it carries every state and previous field with the nullability of the table', () => {
    const avro = new Map((appointmentChangeV1.schema.fields as { name: string; type: unknown }[]).map((f) => [f.name, f.type]));

    for (const [name, spec] of entriesOf({ ...APPOINTMENT_STATE_FIELDS, ...APPOINTMENT_PREVIOUS_FIELDS } as Record<
      string,
      FieldSpec
    >)) {
      expect({ name, type: avro.get(name) }).toEqual({ name, type: spec.nullable ? ['null', spec.avro] : spec.avro });
    }
  });

  it('when verify compares rows, then it compares every live state column (the customer by its key)', async () => {
    const live = [...(await liveColumns('appointments')).keys()];
    const expected = specsOf(APPOINTMENT_STATE_FIELDS)
      .map((s) => s.column)
      .filter((c) => live.includes(c) && c !== 'booking_uid' && c !== 'customer_id');

    expect(COMPARED_COLUMNS.map(([, column]) => column).sort()).toEqual([...expected, 'customer_key'].sort());
  });

  it.each([
    ['title', 'payload.title', (v: string) => ({ title: v })],
    ['location', 'payload.location', (v: string) => ({ location: v })],
    ['booking_uid', 'payload.uid', (v: string) => ({ uid: v })],
  ])(
    'when a webhook value is one longer than the live %s column, then the ingest refuses it and accepts the exact length',
    async (column, field, payload) => {
      const max = (await liveColumns('appointments')).get(column)?.maxChars as number;
      const parse = (v: string) => () =>
        parseCalcomWebhook(
          Buffer.from(JSON.stringify({ ...calcomCreated, payload: { ...calcomCreated.payload, ...payload(v) } })),
          {
            eventId: 'e'.repeat(64),
            receivedAt: 1,
          },
        );

      expect(parse('a'.repeat(max))).not.toThrow();
      expect(parse('a'.repeat(max + 1))).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field })] }));
    },
  );
});
