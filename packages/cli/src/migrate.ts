// npm run migrate | migrate:down | migrate:status (booking-pipeline migrate up|down|status): the
// migrator, on DATABASE_URL. `up` creates the database first when it is missing, so a fresh
// clone migrates as is; `status` also reports schema drift and exits 1 on any. --json prints
// what each reports as one JSON document.
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
import { commandExits, EXIT } from './lib/exit-codes.ts';

const spec: CommandSpec = {
  name: 'migrate',
  summary: 'Apply (up), revert the last (down) or list (status) the database migrations on DATABASE_URL.',
  usage: 'npm run migrate[:down|:status] [-- --json]  |  booking-pipeline migrate up|down|status [--json]',
  allowPositionals: true,
  options: { json: { type: 'boolean', description: 'print what was applied, reverted or found as JSON' } },
  ...commandExits({
    ok: 'done (status: no drift)',
    found: 'status found schema drift',
    failed: 'could not complete (MariaDB unreachable, a migration failed)',
  }),
};

function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.password = '';
  return url.toString();
}

await runCommand(spec, async ({ positionals, values }) => {
  const [command, ...extra] = positionals;
  if ((command !== 'up' && command !== 'down' && command !== 'status') || extra.length > 0) {
    throw new UsageError('give exactly one of up, down, status');
  }
  const report = (json: object, text: string) => console.log(values.json ? JSON.stringify(json, null, 2) : text);
  const config = loadConfig(commonSchema, process.env);
  const created = command === 'up' && (await ensureDatabase(config.DATABASE_URL));
  if (created && !values.json) console.log(`created database ${withoutPassword(config.DATABASE_URL)}`);
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolMax: 1 });
  try {
    if (command === 'up') {
      const ran = await migrateUp(orm);
      report(
        { createdDatabase: created, applied: ran },
        ran.length ? `applied: ${ran.join(', ')}` : 'up to date: no pending migrations',
      );
      return EXIT.ok;
    }
    if (command === 'down') {
      const reverted = await migrateDown(orm);
      report({ reverted }, reverted.length ? `reverted: ${reverted.join(', ')}` : 'nothing to revert');
      return EXIT.ok;
    }
    const { executed, pending } = await migrationStatus(orm);
    const drift = pending.length === 0 ? await checkSchemaDrift(orm) : [];
    const lines = [...executed.map((name) => `executed  ${name}`), ...pending.map((name) => `pending   ${name}`)];
    if (drift.length > 0) lines.push(`schema drift:\n${formatSchemaDrift(drift)}`);
    report({ executed, pending, drift }, lines.join('\n'));
    return drift.length > 0 ? EXIT.found : EXIT.ok;
  } finally {
    await orm.close();
  }
});
