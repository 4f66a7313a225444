// The small conventions operators reach for (issue #18): `--version`; `--help` that only prints,
// for the development tools too; `--json` wherever a command reports; and the topic overrides
// the services honour (BOOKER_TOPIC_*) honoured by the ops tools, so that a renamed topic does
// not make them look at the wrong one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { STACK, uniqueName, useScratchDatabase, useUniqueTopics } from '@booking/shared/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runScript } from './fixtures/run-script.ts';

describe('booking-pipeline --version', () => {
  it('when asked for --version, then it prints the version of @booking/cli and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string };

    const result = await runScript('packages/cli/src/booking-pipeline.ts', ['--version']);

    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('development tools asked for --help', () => {
  // `stack.ts up` is here because it used to start the stack; `up` twice is harmless, so a
  // regression shows in the output without stopping anybody's stack. npm test's --help is not
  // run here: broken, it would run the whole suite from inside it.
  it.each([
    ['npm run stack:up -- --help', 'tools/stack.ts', ['up', '--help']],
    ['npm start -- --help', 'tools/start.ts', ['--help']],
    ['the failover bench', 'tools/bench/failover.ts', ['--help']],
    ['npm run chaos -- --help', 'tools/chaos.ts', ['--help']],
    ['npm run fuzz -- --help', 'tools/fuzz.ts', ['--help']],
    ['npm run multi-instance -- --help', 'tools/multi-instance.ts', ['--help']],
  ])('when %s runs, then it prints its usage, exits 0 and does nothing else', async (_name, script, args) => {
    const result = await runScript(script, args);

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: /m);
    expect(result.stdout).not.toMatch(/^(kafka|registry|mariadb|redis) +:\d+|stack up in/m);
  });
});

describe('ops commands with renamed topics and --json', () => {
  const prefix = uniqueName('cli-topics');
  const renamed = useUniqueTopics(['calcom', 'retell', 'dlq'], prefix);
  const db = useScratchDatabase('cli_json');
  const env = {
    BOOKER_TOPIC_CALCOM: renamed.calcom,
    BOOKER_TOPIC_RETELL: renamed.retell,
    BOOKER_TOPIC_DLQ: renamed.dlq,
    DATABASE_URL: db.url(),
  };
  const topics = [env.BOOKER_TOPIC_CALCOM, env.BOOKER_TOPIC_RETELL, env.BOOKER_TOPIC_DLQ];
  const kafka = createKafka({
    brokers: [...STACK.kafkaBrokers],
    clientId: 'cli-conventions-test',
    logger: createLogger({ name: 'test', level: 'silent' }),
  });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    await admin.disconnect();
  });

  it('when replay rebuild --dry-run --json runs (shadow or in place), then it prints the plan as JSON, over the renamed source topics', async () => {
    const runs = await Promise.all([
      runScript('packages/cli/src/replay.ts', ['rebuild', '--dry-run', '--json'], env),
      runScript('packages/cli/src/replay.ts', ['rebuild', '--in-place', '--dry-run', '--json', '--group', prefix], env),
    ]);

    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const plans = runs.map((r) => JSON.parse(r.stdout) as { records: string; dryRun: boolean; ranges: { topic: string }[] });
    for (const plan of plans) {
      expect({ ...plan, ranges: plan.ranges.map((r) => r.topic).sort() }).toMatchObject({
        records: '0',
        dryRun: true,
        ranges: [env.BOOKER_TOPIC_CALCOM, env.BOOKER_TOPIC_RETELL],
      });
    }
  });

  it('when verify --json runs, then it reads the renamed topics (empty) and finds the empty table matching', async () => {
    const result = await runScript('packages/cli/src/verify.ts', ['--json'], env);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ records: 0, expected: 0, actual: 0, clean: true, missingTopics: [] });
  });

  it('when dlq inspect and redrive run with --json, then they report on the renamed dead-letter topic', async () => {
    const [inspect, redrive] = await Promise.all([
      runScript('packages/cli/src/dlq.ts', ['inspect', '--json'], env),
      runScript('packages/cli/src/dlq.ts', ['redrive', '--dry-run', '--json'], env),
    ]);

    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout)).toEqual({ topic: env.BOOKER_TOPIC_DLQ, scanned: 0, matching: [] });
    expect(redrive.code).toBe(0);
    expect(JSON.parse(redrive.stdout)).toEqual({ topic: env.BOOKER_TOPIC_DLQ, scanned: 0, dryRun: true, republished: {} });
  });

  it('when migrate status and up run with --json, then they report the migrations as JSON', async () => {
    // both read-only on a migrated database (up finds nothing to apply), so they run side by side
    const [status, up] = await Promise.all([
      runScript('packages/cli/src/migrate.ts', ['status', '--json'], env),
      runScript('packages/cli/src/migrate.ts', ['up', '--json'], env),
    ]);

    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { executed: string[]; pending: string[]; drift: unknown[] };
    expect({ pending: report.pending, drift: report.drift }).toEqual({ pending: [], drift: [] });
    expect(report.executed.length).toBeGreaterThan(0);
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout)).toEqual({ createdDatabase: false, applied: [] });
  });
});
