import { checkSchemaDrift, createOrm, migrationStatus, serverVersionProblem } from '@booking/shared/orm';
import mysql from 'mysql2/promise';
import { judgeKeyCollations, KEY_COLLATIONS_SQL, type LiveCollation } from './key-collations.ts';
import type { CheckResult } from './types.ts';

// MariaDB allows 64 indexes per table; the design wants few (only for real queries).
const INDEX_WARN = 8;
const INDEX_LIMIT = 64;

export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || 'booking_pipeline';
}

export function serverUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/';
  return url.toString();
}

export async function checkDatabase(databaseUrl: string): Promise<CheckResult[]> {
  const conn = await mysql.createConnection({ uri: serverUrl(databaseUrl), connectTimeout: 2000 });
  try {
    const [[row]] = (await conn.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
    const database = databaseName(databaseUrl);
    const problem = serverVersionProblem(row.version);
    const results: CheckResult[] = [
      {
        check: 'mariadb',
        status: problem ? 'FAIL' : 'PASS',
        evidence: `${new URL(databaseUrl).host} answers, ${row.version}${problem ? `; ${problem}` : ''}`,
      },
    ];
    const [schemas] = (await conn.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
      database,
    ])) as unknown as [unknown[]];
    if (schemas.length === 0) {
      results.push({ check: `database ${database}`, status: 'FAIL', evidence: 'does not exist (run npm run migrate)' });
      return results;
    }
    const [indexes] = (await conn.query(
      `SELECT TABLE_NAME AS tableName, COUNT(DISTINCT INDEX_NAME) AS count FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = ? GROUP BY TABLE_NAME ORDER BY TABLE_NAME`,
      [database],
    )) as unknown as [{ tableName: string; count: number }[]];
    const worst = Math.max(0, ...indexes.map((i) => Number(i.count)));
    results.push({
      check: 'index count',
      status: worst >= INDEX_LIMIT ? 'FAIL' : worst > INDEX_WARN ? 'WARN' : 'PASS',
      evidence: indexes.map((i) => `${i.tableName}=${i.count}`).join(', ') || 'no tables',
    });
    const [collations] = (await conn.query(KEY_COLLATIONS_SQL, [database])) as unknown as [LiveCollation[]];
    results.push(judgeKeyCollations(collations));
    results.push(...(await checkMigrationsAndDrift(databaseUrl)));
    return results;
  } finally {
    await conn.end();
  }
}

/** Reuses the booker's start-up guard: entities (the code) against the live tables. */
async function checkMigrationsAndDrift(databaseUrl: string): Promise<CheckResult[]> {
  const orm = await createOrm({ databaseUrl });
  try {
    const { executed, pending } = await migrationStatus(orm);
    const migrations: CheckResult =
      pending.length === 0
        ? { check: 'migrations', status: 'PASS', evidence: `${executed.length} applied, none pending` }
        : { check: 'migrations', status: 'FAIL', evidence: `pending: ${pending.join(', ')} (run npm run migrate)` };
    const drift = await checkSchemaDrift(orm);
    const driftResult: CheckResult =
      drift.length === 0
        ? { check: 'schema drift', status: 'PASS', evidence: 'entities match the live tables' }
        : {
            check: 'schema drift',
            status: 'FAIL',
            evidence: drift.map((d) => `${d.table}${d.column ? `.${d.column}` : ''}: ${d.problem}`).join('; '),
          };
    return [migrations, driftResult];
  } finally {
    await orm.close();
  }
}
