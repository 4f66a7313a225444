import { type EntitySchema, MikroORM } from '@mikro-orm/mariadb';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './entities/index.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type { MikroORM } from '@mikro-orm/mariadb';

export interface OrmOptions {
  databaseUrl: string;
  /** Defaults to the pipeline's entities; the drift tests pass a modified set. */
  entities?: EntitySchema[];
  /** Connection pool size (the booker needs one connection per in-flight batch). */
  poolMax?: number;
}

/** What MikroORM hands onCreateConnection for MariaDB (a Kysely MysqlConnection). */
interface SessionConnection {
  executeQuery(query: { sql: string; parameters: unknown[] }): Promise<unknown>;
}

/** The database name of a `mysql://user@host:port/<name>` URL. */
export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$-]+$/.test(name)) throw new Error('DATABASE_URL must name a database (letters, digits, _ $ -)');
  return name;
}

export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: options.databaseUrl,
    dbName: databaseName(options.databaseUrl),
    entities: options.entities ?? ENTITIES,
    extensions: [Migrator],
    // every date column is UTC; the session time zone makes NOW() and DATETIME literals agree
    timezone: '+00:00',
    charset: 'utf8mb4',
    ensureDatabase: false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: options.poolMax ?? 4 },
    // once per connection rather than a `SET TRANSACTION` round trip before every transaction:
    // the booker's locking reads rely on REPEATABLE READ whatever the server's default is
    onCreateConnection: async (connection) => {
      await (connection as SessionConnection).executeQuery({
        sql: 'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ',
        parameters: [],
      });
    },
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
  });
}
