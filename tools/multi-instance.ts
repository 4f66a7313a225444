import { rmSync } from 'node:fs';
import { createRedisClient } from '@booking/shared/cache';
import { DEFAULT_REDIS_URL } from '@booking/shared/config';
import { createSchemaRegistry, registryAuth } from '@booking/shared/registry';
import { createProgress, runCommand } from '../packages/cli/src/lib/cli.ts';
import { runVerify } from '../packages/cli/src/verify/run-verify.ts';
import { judgeRun, type Verdict } from './chaos/verdict.ts';
import {
  fleetOptions,
  type Instance,
  openFleetRun,
  planFleet,
  sharedEnv,
  startInstance,
  stopInstance,
  waitReady,
} from './multi-instance/fleet.ts';
import { planSends, sendAll, VERSIONS } from './multi-instance/load.ts';
import { runRebalances } from './multi-instance/rebalances.ts';
import { formatReport } from './multi-instance/report.ts';
import {
  createTopics,
  finalRows,
  prepareDatabase,
  removeRunState,
  seedCacheKeys,
  staleCacheUids,
  waitDrained,
} from './multi-instance/state.ts';

/** Signed webhooks per second over both ingests, and seconds of load. */
const LOAD = { rate: 100, duration: 30 };

const spec = {
  name: 'multi-instance',
  summary: 'Runs 2 ingests, 2 bookers and 2 invalidators under load with rebalances, then checks nothing was lost or duplicated.',
  usage: 'npm run multi-instance -- [--rate <webhooks/s>] [--duration <s>] [--partitions <n>] [--verbose]',
  options: {
    ...fleetOptions(LOAD),
    verbose: { type: 'boolean' as const, description: "print the services' log lines" },
  },
  exitCodes: { 0: 'every check passed', 1: 'a check failed or the run could not complete', 2: 'usage error' },
};

/** The chaos suite's rules (tools/chaos/verdict.ts), with every count that means harm at 0. */
function passed(v: Verdict): boolean {
  return v.lost === 0 && v.duplicated === 0 && v.wrongFinalState === 0 && v.phantom === 0 && v.staleCacheKeys === 0;
}

await runCommand(spec, async ({ values }) => {
  const { rate, duration, partitions, config, logger, names, secret, kafka, spool, say } = openFleetRun(
    'multi-instance',
    'mi',
    values,
    LOAD,
  );
  const redis = createRedisClient(config.REDIS_URL ?? DEFAULT_REDIS_URL, { connectionName: names.id });
  const sends = planSends(names.id, Math.max(1, Math.round((rate * duration) / (VERSIONS * 1.05))), Date.now());
  const uids = [...new Set(sends.map((s) => s.uid))];
  const orm = await prepareDatabase(names.databaseUrl);
  let fleet: Instance[] = [];
  const tails = new Map<string, string[]>();
  try {
    await createTopics(kafka, names, partitions, logger);
    await seedCacheKeys(redis, uids);
    fleet = await planFleet(sharedEnv(names, { secret, partitions }), spool);
    const onLine = (name: string, line: string) => {
      tails.set(name, [...(tails.get(name) ?? []).slice(-9), line]);
      if (values.verbose) say(`${name} | ${line}`);
    };
    for (const instance of fleet) startInstance(instance, onLine);
    await Promise.all(fleet.map((instance) => waitReady(instance)));
    say(
      `${names.id}: 6 instances ready; ${sends.length} webhooks for ${uids.length} bookings at ${rate}/s, ${partitions} partitions`,
    );

    const progress = createProgress({ label: 'webhooks sent', total: sends.length });
    const started = Date.now();
    const [ledger, events] = await Promise.all([
      sendAll(
        fleet.filter((i) => i.service === 'ingest'),
        sends,
        { rate, secret, onProgress: () => progress.tick() },
      ),
      runRebalances(fleet, (sends.length / rate) * 1000, onLine),
    ]);
    progress.done();
    const loadEnded = Date.now();
    await waitDrained(kafka, names, 180_000);
    const drainedMs = Date.now() - loadEnded;

    const rows = await finalRows(orm, names.id);
    // only bookings with a row had a change to invalidate; one that never got in keeps its key
    const verdict = judgeRun(ledger, rows, await staleCacheUids(redis, [...rows.keys()]));
    const verify = await runVerify({
      kafka,
      registry: createSchemaRegistry(config.SCHEMA_REGISTRY_URL, registryAuth(config)),
      orm,
      topics: names.topics,
    });
    const exits = await Promise.all(fleet.map(async (i) => [i.name, await stopInstance(i)] as const));
    const unclean = exits.filter(([, code]) => code !== 0).map(([name, code]) => `${name} exited ${code}`);
    const ok = passed(verdict) && verify.mismatches.length === 0 && unclean.length === 0;

    const lines = formatReport({
      ...{
        id: names.id,
        ok,
        rate,
        partitions,
        bookings: uids.length,
        versions: VERSIONS,
        loadMs: loadEnded - started,
        drainedMs,
      },
      ...{ events, ledger, verdict, verify, unclean },
    });
    for (const line of lines) console.log(line);
    return ok ? 0 : 1;
  } catch (error) {
    for (const instance of fleet.filter((i) => i.child && i.child.exitCode !== null && i.child.exitCode !== 0)) {
      say(
        `${instance.name} exited ${instance.child?.exitCode}; its last lines:\n  ${(tails.get(instance.name) ?? []).join('\n  ')}`,
      );
    }
    throw error;
  } finally {
    await Promise.all(fleet.map(stopInstance));
    await orm.close();
    await removeRunState(kafka, names, redis, uids).catch((error) =>
      say(`cleanup: ${error instanceof Error ? error.message : String(error)}`),
    );
    redis.disconnect();
    rmSync(spool, { recursive: true, force: true });
  }
});
