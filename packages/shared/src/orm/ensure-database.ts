import { createConnection } from 'mysql2/promise';
import { databaseName } from './create-orm.ts';

/** Creates the database of `databaseUrl` (utf8mb4) when it is missing; returns whether it did. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const server = new URL(databaseUrl);
  server.pathname = '/';
  const conn = await createConnection({ uri: server.toString().replace(/^mariadb:/, 'mysql:') });
  try {
    const [rows] = await conn.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [name]);
    if ((rows as unknown[]).length > 0) return false;
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return true;
  } finally {
    await conn.end();
  }
}

/** Drops a database (tests only: scratch databases they created themselves). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const server = new URL(databaseUrl);
  server.pathname = '/';
  const conn = await createConnection({ uri: server.toString().replace(/^mariadb:/, 'mysql:') });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}
