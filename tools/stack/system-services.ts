// MariaDB and Redis are system services on the machines this project runs on. The stack uses
// running servers as they are; if one is installed but stopped it starts it (and records the
// pid, so `stack:down` stops only what it started); if one is missing it says what to install.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { commandExists, isAlive, pidFile, portOpen, readPid, run, stackDir, waitFor } from './processes.ts';

export const MARIADB_PORT = 3306;
export const REDIS_PORT = 6379;

export async function mariadbUp(): Promise<string> {
  if (await portOpen(MARIADB_PORT)) return isAlive(readPid('mariadb')) ? 'already running' : 'running (system service)';
  const daemon = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p) => existsSync(p));
  if (!daemon) throw new Error(`MariaDB is not listening on ${MARIADB_PORT} and not installed: apt-get install mariadb-server`);
  mkdirSync(stackDir, { recursive: true });
  run('start-stop-daemon', [
    '--start',
    '--oknodo',
    '--background',
    '--make-pidfile',
    '--pidfile',
    pidFile('mariadb'),
    '--exec',
    daemon,
  ]);
  await waitFor('mariadb', () => portOpen(MARIADB_PORT), 60_000);
  return `started (pid ${readPid('mariadb')})`;
}

/**
 * What the stack sets on the running MariaDB, dynamically (SET GLOBAL, nothing restarted, only
 * ever raised): the 128 MiB default buffer pool holds neither a million appointments nor their
 * ledger, so every booker batch would read from disk. Production sizes it to the working set
 * (docs/BENCHMARKS.md, "MariaDB settings").
 */
export const MARIADB_SETTINGS = { innodb_buffer_pool_size: 1024 ** 3 } as const;

export async function tuneMariadb(url = `mysql://root@127.0.0.1:${MARIADB_PORT}`): Promise<string> {
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({ uri: url });
  try {
    const changed: string[] = [];
    for (const [name, value] of Object.entries(MARIADB_SETTINGS)) {
      const [rows] = (await connection.query(`SELECT @@GLOBAL.${name} AS v`)) as unknown as [{ v: number | string }[]];
      if (Number(rows[0]?.v) >= value) continue;
      await connection.query(`SET GLOBAL ${name} = ${value}`);
      changed.push(`${name}=${value}`);
    }
    return changed.length > 0 ? `set ${changed.join(', ')}` : 'settings already in place';
  } catch (error) {
    return `settings not applied (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await connection.end();
  }
}

export async function redisUp(): Promise<string> {
  if (await portOpen(REDIS_PORT)) return isAlive(readPid('redis')) ? 'already running' : 'running (system service)';
  if (!commandExists('redis-server'))
    throw new Error(`Redis is not listening on ${REDIS_PORT} and not installed: apt-get install redis-server`);
  mkdirSync(stackDir, { recursive: true });
  run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(REDIS_PORT),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    stackDir,
    '--logfile',
    join(stackDir, 'redis.log'),
    '--pidfile',
    pidFile('redis'),
  ]);
  await waitFor('redis', () => portOpen(REDIS_PORT), 30_000);
  return `started (pid ${readPid('redis')})`;
}
