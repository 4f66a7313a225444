// Public API: the entities of DESIGN.md "Data model", the migrations (the only definition of the
// schema), createOrm(databaseUrl), migrate up/down/status, ensureDatabase, and the schema drift
// guard that services run at start and `doctor` reports.

// the SQL dialect itself (quoting, escaping), for code that writes SQL text without a connection
export { MariaDbPlatform } from '@mikro-orm/mariadb';
export * from './appointment-row.ts';
export { createOrm, databaseName, type MikroORM, type OrmOptions } from './create-orm.ts';
export * from './customer-row.ts';
export { dropDatabase, ensureDatabase } from './ensure-database.ts';
export * from './entities/index.ts';
export { type MigrationStatus, migrateDown, migrateUp, migrationStatus } from './migrate.ts';
export { MIGRATIONS } from './migrations/index.ts';
export { assertNoSchemaDrift, checkSchemaDrift, formatSchemaDrift, type SchemaDrift } from './schema-drift.ts';
export { assertServerSupported, serverVersionProblem } from './server-version.ts';
