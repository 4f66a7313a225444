import { type Connection, createConnection } from 'mysql2/promise';
import { databaseName } from './create-orm.ts';

/** `work` on a connection to the server of `databaseUrl` (no database selected), closed after. */
async function onServer<T>(databaseUrl: string, work: (conn: Connection, name: string) => Promise<T>): Promise<T> {
  const server = new URL(databaseUrl);
  server.pathname = '/';
  const conn = await createConnection({ uri: server.toString().replace(/^mariadb:/, 'mysql:') });
  try {
    return await work(conn, databaseName(databaseUrl));
  } finally {
    await conn.end();
  }
}

/** Creates the database of `databaseUrl` (utf8mb4) when it is missing; returns whether it did. */
export function ensureDatabase(databaseUrl: string): Promise<boolean> {
  return onServer(databaseUrl, async (conn, name) => {
    const [rows] = await conn.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [name]);
    if ((rows as unknown[]).length > 0) return false;
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return true;
  });
}

/** Drops a database (tests only: scratch databases they created themselves). */
export function dropDatabase(databaseUrl: string): Promise<void> {
  return onServer(databaseUrl, async (conn, name) => {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  });
}
