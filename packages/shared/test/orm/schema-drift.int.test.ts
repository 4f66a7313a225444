import { EntitySchema } from '@mikro-orm/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  AppointmentSchema,
  CustomerSchema,
  checkSchemaDrift,
  createOrm,
  migrateDown,
  migrateUp,
  migrationStatus,
  ProcessedEventSchema,
} from '../../src/orm/index.ts';
import { createScratchDatabase, useScratchDatabase } from '../../src/testing/index.ts';

const db = useScratchDatabase('orm_test');

describe('migrations and the schema drift guard', () => {
  it('when the migrations ran, then the live schema matches the entities exactly', async () => {
    const status = await migrationStatus(db.orm);

    expect(status.pending).toEqual([]);
    expect(await checkSchemaDrift(db.orm)).toEqual([]);
  });

  it('when a column is altered in the database, then the drift names the table, the column and the difference', async () => {
    await db.orm.em.getConnection().execute('ALTER TABLE customers MODIFY name VARCHAR(40) NOT NULL');
    onTestFinished(async () => {
      await db.orm.em.getConnection().execute('ALTER TABLE customers MODIFY name VARCHAR(255) NULL');
    });

    const drift = await checkSchemaDrift(db.orm);

    expect(drift).toEqual([
      {
        table: 'customers',
        column: 'name',
        problem: expect.stringMatching(/type: entity varchar\(255\), database varchar\(40\); nullability/),
      },
    ]);
  });

  it('when an entity gains a property the migrations do not have, then the drift names the missing column', async () => {
    const extended = new EntitySchema({
      name: 'Appointment',
      tableName: 'appointments',
      extends: undefined,
      indexes: AppointmentSchema.meta.indexes,
      properties: {
        ...AppointmentSchema.meta.properties,
        phantomColumn: { type: 'string', length: 32, nullable: true, fieldName: 'phantom_column' },
      } as never,
    });
    const phantom = await createOrm({
      databaseUrl: db.url(),
      entities: [CustomerSchema, extended, ProcessedEventSchema] as never,
      poolMax: 1,
    });
    onTestFinished(() => phantom.close());

    const drift = await checkSchemaDrift(phantom);

    expect(drift).toEqual([{ table: 'appointments', column: 'phantom_column', problem: 'column missing in the database' }]);
  });

  it('when the migrations are reverted one by one, then each down undoes its up and up restores them', async () => {
    const other = (await createScratchDatabase('orm_down')).orm;

    const revertedNopad = await migrateDown(other);
    const driftWithoutNopad = await checkSchemaDrift(other);
    const revertedUids = await migrateDown(other);
    const driftWithoutUids = await checkSchemaDrift(other);
    const revertedLast = await migrateDown(other);
    const driftWithoutLast = await checkSchemaDrift(other);
    const revertedFirst = await migrateDown(other);
    const tables = await other.em
      .getConnection()
      .execute<{ t: string }[]>(
        'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()',
        [],
        'all',
      );
    await migrateUp(other);

    expect(revertedNopad).toEqual(['Migration20261202000000_nopad_keys']);
    expect(driftWithoutNopad.map((d) => `${d.table}.${d.column}: ${d.problem}`).sort()).toEqual([
      'appointments.booking_uid: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_bin (PAD SPACE)',
      'appointments.last_event_id: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_unicode_ci (PAD SPACE)',
      'appointments.rescheduled_from_uid: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_bin (PAD SPACE)',
      'appointments.rescheduled_to_uid: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_bin (PAD SPACE)',
      'appointments.retell_call_id: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_unicode_ci (PAD SPACE)',
      'customers.customer_key: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_unicode_ci (PAD SPACE)',
      'processed_events.booking_uid: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_unicode_ci (PAD SPACE)',
      'processed_events.event_id: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_unicode_ci (PAD SPACE)',
    ]);
    expect(revertedUids).toEqual(['Migration20261201000000_binary_uids']);
    // the same columns drift, now with the UIDs' original collation
    expect(driftWithoutUids.map((d) => `${d.table}.${d.column}`)).toEqual(driftWithoutNopad.map((d) => `${d.table}.${d.column}`));
    expect(driftWithoutUids.find((d) => d.column === 'booking_uid' && d.table === 'appointments')?.problem).toMatch(
      /database utf8mb4_unicode_ci \(PAD SPACE\)/,
    );
    expect(revertedLast).toEqual(['Migration20261125000000_previous_state']);
    expect(driftWithoutLast.map((d) => `${d.table}.${d.column}`).sort()).toEqual(
      expect.arrayContaining([
        'appointments.previous_customer_id',
        'appointments.previous_event_type_id',
        'appointments.previous_start_at',
      ]),
    );
    expect(revertedFirst).toEqual(['Migration20260720000000_initial']);
    expect(tables.map((t) => t.t)).toEqual(['mikro_orm_migrations']);
    expect(await checkSchemaDrift(other)).toEqual([]);
  });
});
