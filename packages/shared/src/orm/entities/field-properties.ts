// Entity properties from the field table (events/appointment-fields.ts): the entity states no
// column, type or length of its own.
import { COLLATIONS, type FieldSpec, type FieldValue } from '../../events/appointment-fields.ts';

/** An entity property's value: as a record holds it, but times as Date (DATETIME(3), UTC). */
export type EntityValue<S extends FieldSpec> = S['sql']['kind'] extends 'datetime'
  ? Date | (S['nullable'] extends true ? null : never)
  : FieldValue<S>;
export type EntityValues<T extends Record<string, FieldSpec>> = { -readonly [K in keyof T]: EntityValue<T[K]> };

export interface EntityProperty {
  type: string;
  fieldName: string;
  nullable?: boolean;
  length?: number;
  unsigned?: boolean;
  collation?: string;
}

export function entityProperty(spec: FieldSpec): EntityProperty {
  const base = {
    fieldName: spec.column,
    ...(spec.nullable ? { nullable: true } : {}),
    // key columns compare byte for byte (migration 20261202000000-nopad-keys); the others keep
    // the table's collation, which the drift guard checks as well
    ...('compare' in spec.sql && spec.sql.compare === 'bytes' ? { collation: COLLATIONS.bytes } : {}),
  };
  switch (spec.sql.kind) {
    case 'varchar':
      return { type: 'string', length: spec.sql.length, ...base };
    case 'text':
      return { type: 'text', ...base };
    case 'bigint':
      return { type: 'bigint', ...base };
    case 'int unsigned':
      return { type: 'integer', unsigned: true, ...base };
    case 'datetime':
      return { type: 'datetime', length: 3, ...base };
  }
}

export const entityProperties = <T extends Record<string, FieldSpec>>(table: T) =>
  Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, entityProperty(spec)])) as Record<
    keyof T,
    EntityProperty
  >;
