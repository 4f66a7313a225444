import type { MikroORM } from '@mikro-orm/mariadb';

export interface MigrationStatus {
  executed: string[];
  pending: string[];
}

export async function migrateUp(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.up()).map((m) => m.name);
}

/** Reverts the last executed migration (one step, like `migrate:down` promises). */
export async function migrateDown(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.down()).map((m) => m.name);
}

export async function migrationStatus(orm: MikroORM): Promise<MigrationStatus> {
  const migrator = orm.migrator;
  const executed = (await migrator.getExecuted()).map((m) => m.name);
  const pending = (await migrator.getPending()).map((m) => m.name);
  return { executed, pending };
}
