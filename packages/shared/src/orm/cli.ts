// npm run migrate | migrate:down | migrate:status — the migrator, on DATABASE_URL.
// `up` creates the database first when it is missing, so a fresh clone migrates as is.
import { commonSchema, loadConfig } from '../config/index.ts';
import { createOrm } from './create-orm.ts';
import { ensureDatabase } from './ensure-database.ts';
import { migrateDown, migrateUp, migrationStatus } from './migrate.ts';
import { checkSchemaDrift, formatSchemaDrift } from './schema-drift.ts';

const command = process.argv[2];
if (command !== 'up' && command !== 'down' && command !== 'status') {
  console.error('usage: node packages/shared/src/orm/cli.ts up|down|status');
  process.exit(2);
}
const config = loadConfig(commonSchema, process.env);
const safeUrl = (() => {
  const u = new URL(config.DATABASE_URL);
  u.password = '';
  return u.toString();
})();

try {
  if (command === 'up' && (await ensureDatabase(config.DATABASE_URL))) console.log(`created database ${safeUrl}`);
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolMax: 1 });
  try {
    if (command === 'up') {
      const ran = await migrateUp(orm);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'up to date: no pending migrations');
    } else if (command === 'down') {
      const reverted = await migrateDown(orm);
      console.log(reverted.length ? `reverted: ${reverted.join(', ')}` : 'nothing to revert');
    } else {
      const { executed, pending } = await migrationStatus(orm);
      for (const name of executed) console.log(`executed  ${name}`);
      for (const name of pending) console.log(`pending   ${name}`);
      const drift = pending.length === 0 ? await checkSchemaDrift(orm) : [];
      if (drift.length > 0) {
        console.log(`schema drift:\n${formatSchemaDrift(drift)}`);
        process.exitCode = 1;
      }
    }
  } finally {
    await orm.close();
  }
} catch (error) {
  console.error(`migrate ${command} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
