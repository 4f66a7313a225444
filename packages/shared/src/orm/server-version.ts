// The booker's SQL needs MariaDB 10.5 or later: its upserts return their ids with
// `INSERT … RETURNING`, which MySQL and older MariaDB do not have. Checked at the booker's start
// and by doctor, so an old server is named rather than failing the first transaction.
import { AppError } from '../errors/index.ts';
import type { MikroORM } from './create-orm.ts';

const MINIMUM = { major: 10, minor: 5 };

/** Why a `SELECT VERSION()` answer cannot run the booker, or undefined when it can. */
export function serverVersionProblem(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  const required = `MariaDB ${MINIMUM.major}.${MINIMUM.minor} or later is required (INSERT … RETURNING)`;
  if (!match || !/mariadb/i.test(version)) return `the server is ${version}, not MariaDB: ${required}`;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < MINIMUM.major || (major === MINIMUM.major && minor < MINIMUM.minor))
    return `the server is MariaDB ${match[0]}: ${required}`;
  return undefined;
}

export async function assertServerSupported(orm: MikroORM): Promise<void> {
  const [row] = (await orm.em.getConnection().execute('SELECT VERSION() AS version', [], 'all')) as { version: string }[];
  const problem = serverVersionProblem(String(row?.version));
  if (problem) throw new AppError('DATABASE_UNSUPPORTED', problem, { details: [{ field: 'DATABASE_URL', message: problem }] });
}
