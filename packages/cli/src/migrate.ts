// npm run migrate | migrate:down | migrate:status (booking-pipeline migrate up|down|status): the
// migrator, on DATABASE_URL. `up` creates the database first when it is missing, so a fresh
// clone migrates as is; `status` also reports schema drift and exits 1 on any.
import { commonSchema, loadConfig } from '@booking/shared/config';
import {
  checkSchemaDrift,
  createOrm,
  ensureDatabase,
  formatSchemaDrift,
  migrateDown,
  migrateUp,
  migrationStatus,
} from '@booking/shared/orm';
import { type CommandSpec, runCommand, UsageError } from './lib/cli.ts';

const spec: CommandSpec = {
  name: 'migrate',
  summary: 'Apply (up), revert the last (down) or list (status) the database migrations on DATABASE_URL.',
  usage: 'npm run migrate[:down|:status]  |  booking-pipeline migrate up|down|status',
  allowPositionals: true,
  exitCodes: { 0: 'done (status: no drift)', 1: 'failed, or status found schema drift', 2: 'usage error' },
};

function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.password = '';
  return url.toString();
}

await runCommand(spec, async ({ positionals }) => {
  const [command, ...extra] = positionals;
  if ((command !== 'up' && command !== 'down' && command !== 'status') || extra.length > 0) {
    throw new UsageError('give exactly one of up, down, status');
  }
  const config = loadConfig(commonSchema, process.env);
  if (command === 'up' && (await ensureDatabase(config.DATABASE_URL))) {
    console.log(`created database ${withoutPassword(config.DATABASE_URL)}`);
  }
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolMax: 1 });
  try {
    if (command === 'up') {
      const ran = await migrateUp(orm);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'up to date: no pending migrations');
      return 0;
    }
    if (command === 'down') {
      const reverted = await migrateDown(orm);
      console.log(reverted.length ? `reverted: ${reverted.join(', ')}` : 'nothing to revert');
      return 0;
    }
    const { executed, pending } = await migrationStatus(orm);
    for (const name of executed) console.log(`executed  ${name}`);
    for (const name of pending) console.log(`pending   ${name}`);
    const drift = pending.length === 0 ? await checkSchemaDrift(orm) : [];
    if (drift.length > 0) console.log(`schema drift:\n${formatSchemaDrift(drift)}`);
    return drift.length > 0 ? 1 : 0;
  } finally {
    await orm.close();
  }
});
