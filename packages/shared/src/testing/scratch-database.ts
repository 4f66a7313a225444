// A MariaDB database of its own for a test file or a single test, on the shared server: a unique
// name (several people run the suite against one MariaDB), migrated unless asked otherwise, and
// dropped afterwards by the helper itself, so no test forgets its clean-up.
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { createOrm, dropDatabase, ensureDatabase, type MikroORM, migrateUp } from '../orm/index.ts';
import { STACK, uniqueName } from './stack.ts';

/** migrated: tables created; empty: the database only; absent: only its name (the code under test creates it). */
export type ScratchState = 'migrated' | 'empty' | 'absent';

export interface ScratchDatabase {
  readonly name: string;
  /** Its URL, optionally through another host/port (a TCP proxy in fault tests). */
  url(host?: string, port?: number): string;
  /** An ORM on it (not for 'absent'). */
  readonly orm: MikroORM;
}

function scratch(prefix: string) {
  const name = uniqueName(prefix).replaceAll('-', '_');
  const server = new URL(STACK.mariadbUrl);
  let orm: MikroORM | undefined;
  const url = (host = server.hostname, port = Number(server.port || 3306)) => {
    const at = new URL(STACK.mariadbUrl);
    at.hostname = host;
    at.port = String(port);
    at.pathname = `/${name}`;
    return at.toString();
  };
  const database: ScratchDatabase = {
    name,
    url,
    get orm() {
      if (!orm) throw new Error(`scratch database ${name} has no ORM: it is absent or not created yet (beforeAll)`);
      return orm;
    },
  };
  return {
    database,
    async create(state: ScratchState) {
      if (state === 'absent') return;
      await ensureDatabase(url());
      orm = await createOrm({ databaseUrl: url() });
      if (state === 'migrated') await migrateUp(orm);
    },
    async drop() {
      await orm?.close();
      await dropDatabase(url());
    },
  };
}

/** For the tests of one file (or describe): created in beforeAll, dropped in afterAll. */
export function useScratchDatabase(prefix = 'scratch', state: ScratchState = 'migrated'): ScratchDatabase {
  const db = scratch(prefix);
  beforeAll(() => db.create(state));
  afterAll(() => db.drop());
  return db.database;
}

/** For one test, called inside it: created now, dropped when the test finishes. */
export async function createScratchDatabase(prefix = 'scratch', state: ScratchState = 'migrated'): Promise<ScratchDatabase> {
  const db = scratch(prefix);
  onTestFinished(() => db.drop());
  await db.create(state);
  return db.database;
}
