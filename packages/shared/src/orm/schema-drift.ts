// The drift guard (DESIGN.md "Data model"): entities and migrations are the one definition of
// the schema, and a service refuses to start when the live database differs from the entities
// ("phantom columns" failed 100 % of bookings, silently, in the system we replace). `doctor`
// reports the same list.
import { DatabaseSchema, type MikroORM, SchemaComparator } from '@mikro-orm/mariadb';
import { AppError } from '../errors/index.ts';
import { padAttribute } from '../events/appointment-fields.ts';

export interface SchemaDrift {
  table: string;
  /** column or index name; empty for a whole table */
  column: string;
  problem: string;
}

// the shadow and the replaced table of `replay rebuild --shadow` exist only while it runs (or
// are kept on purpose): a booker restarting meanwhile must not refuse to start because of them
const IGNORED_TABLES = new Set(['mikro_orm_migrations', 'appointments_rebuild', 'appointments_replaced']);

interface ColumnShape {
  type: string;
  nullable?: boolean;
  collation?: string;
}

// A collation's pad attribute is part of what it says: PAD SPACE makes 'abc' and 'abc ' one key
// (issue #21), so the drift names both, not just "collation differs".
const describeCollation = (collation: string) => `${collation} (${padAttribute(collation)})`;

/** One column's differences in words; an absent collation is the table's default. */
export function describeColumnChange(props: Set<string>, from: ColumnShape, to: ColumnShape, tableCollation = 'default') {
  const parts: string[] = [];
  for (const p of props) {
    if (p === 'nullable')
      parts.push(`nullability: entity ${to.nullable ? 'NULL' : 'NOT NULL'}, database ${from.nullable ? 'NULL' : 'NOT NULL'}`);
    else if (p === 'type') parts.push(`type: entity ${to.type}, database ${from.type}`);
    else if (p === 'collation')
      parts.push(
        `collation: entity ${describeCollation(to.collation ?? tableCollation)}, database ${describeCollation(from.collation ?? tableCollation)}`,
      );
    else parts.push(`${p} differs`);
  }
  return parts.join('; ');
}

/** Lists every difference between the entities of `orm` and its live database (empty = none). */
export async function checkSchemaDrift(orm: MikroORM): Promise<SchemaDrift[]> {
  const platform = orm.em.getPlatform();
  const target = orm.schema.getTargetSchema();
  const live = await DatabaseSchema.create(orm.em.getConnection(), platform, orm.config, undefined, [...target.getNamespaces()]);
  const diff = new SchemaComparator(platform).compare(live, target);
  const drift: SchemaDrift[] = [];
  for (const name of Object.keys(diff.newTables))
    drift.push({ table: name, column: '', problem: 'table missing in the database' });
  for (const name of Object.keys(diff.removedTables)) {
    if (!IGNORED_TABLES.has(name)) drift.push({ table: name, column: '', problem: 'table not defined by any entity' });
  }
  for (const t of Object.values(diff.changedTables)) {
    const table = t.name.split('.').pop() ?? t.name;
    for (const c of Object.keys(t.addedColumns)) drift.push({ table, column: c, problem: 'column missing in the database' });
    for (const c of Object.keys(t.removedColumns)) drift.push({ table, column: c, problem: 'column not defined by the entity' });
    for (const c of Object.keys(t.renamedColumns)) drift.push({ table, column: c, problem: 'column renamed' });
    for (const [c, d] of Object.entries(t.changedColumns)) {
      const problem = describeColumnChange(d.changedProperties, d.fromColumn, d.column, t.fromTable.collation);
      drift.push({ table, column: c, problem });
    }
    for (const i of Object.keys(t.addedIndexes)) drift.push({ table, column: i, problem: 'index missing in the database' });
    for (const i of Object.keys(t.removedIndexes)) drift.push({ table, column: i, problem: 'index not defined by the entity' });
    for (const i of Object.keys(t.changedIndexes)) drift.push({ table, column: i, problem: 'index differs' });
    for (const i of Object.keys(t.renamedIndexes)) drift.push({ table, column: i, problem: 'index renamed' });
  }
  return drift;
}

export function formatSchemaDrift(drift: SchemaDrift[]): string {
  return drift.map((d) => `${d.table}${d.column ? `.${d.column}` : ''}: ${d.problem}`).join('\n');
}

/** Throws SCHEMA_DRIFT naming each differing table and column; services call it at start. */
export async function assertNoSchemaDrift(orm: MikroORM): Promise<void> {
  const drift = await checkSchemaDrift(orm);
  if (drift.length === 0) return;
  throw new AppError('SCHEMA_DRIFT', `database schema differs from the entities:\n${formatSchemaDrift(drift)}`, {
    details: drift.map((d) => ({ field: d.column ? `${d.table}.${d.column}` : d.table, message: d.problem })),
  });
}
