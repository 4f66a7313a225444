// The image's contents, proven without a Docker engine: the files the Dockerfile copies (after
// .dockerignore) get a production install (`npm ci --omit=dev`, no dev dependencies such as
// pino-pretty), and from there each service starts on a pseudo-terminal — as under `docker run
// -it` or `kubectl exec -it` — against the shared stack and becomes ready, and each ops command
// answers --help through `booking-pipeline`, linked onto PATH as the Dockerfile links it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKafka, setGroupOffsets, TOPICS } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { freePort, STACK, uniqueName, useScratchDatabase } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS_COMMANDS } from '../../packages/cli/src/lib/commands.ts';
import { imageFiles, parseDockerignore } from './docker-context.ts';
import { runOnTerminal, waitUntilOk } from './terminal-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'production-install-'));
const app = join(dir, 'app');
const bin = join(dir, 'bin');
const databaseUrl = useScratchDatabase('prod_install', 'absent').url();

// The image's environment (Dockerfile ENV) plus the shared stack; nothing from this shell, so a
// dev-only setting cannot make the test pass.
const imageEnv = {
  PATH: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
  HOME: dir,
  TERM: 'xterm',
  NODE_ENV: 'production',
  NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning',
  GIT_REVISION: 'prodtest1',
  KAFKA_BROKERS: STACK.kafkaBrokers.join(','),
  SCHEMA_REGISTRY_URL: STACK.schemaRegistryUrl,
  REDIS_URL: STACK.redisUrl,
  DATABASE_URL: databaseUrl,
};

const kafka = createKafka({
  brokers: [...STACK.kafkaBrokers],
  clientId: 'production-install-test',
  logger: createLogger({ name: 'test', level: 'silent' }),
});

/** A new consumer group that starts at the end of its topics, so it does not replay the shared ones. */
async function groupAtEnd(topics: string[]): Promise<string> {
  const groupId = uniqueName('prod-install');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })));
    await setGroupOffsets(
      kafka,
      groupId,
      ends.flatMap(({ topic, offsets }) => offsets.map((o) => ({ topic, partition: o.partition, offset: o.high }))),
    );
  } finally {
    await admin.disconnect();
  }
  return groupId;
}

function runInImage(args: string[], env: Record<string, string> = {}) {
  return spawnSync(args[0] ?? '', args.slice(1), { cwd: app, env: { ...imageEnv, ...env }, encoding: 'utf8', timeout: 30_000 });
}

beforeAll(() => {
  for (const file of imageFiles(ROOT)) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(app, file)), { recursive: true });
    cpSync(join(ROOT, file), join(app, file));
  }
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: app,
    stdio: 'pipe',
  });
  mkdirSync(bin);
  symlinkSync(join(app, 'packages/cli/src/booking-pipeline.ts'), join(bin, 'booking-pipeline'));
}, 180_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the production image contents', () => {
  it('when .dockerignore is applied, then the ops tools and what they import are in and tests and development tools are out', () => {
    const files = imageFiles(ROOT);

    expect(files).toEqual(
      expect.arrayContaining([
        'packages/cli/src/booking-pipeline.ts',
        'packages/cli/src/lib/cli.ts',
        'packages/cli/src/doctor.ts',
        'packages/cli/src/lib/dev-secrets.ts',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.test.ts') || f.includes('/test/') || f.startsWith('tools/'))).toEqual([]);
    expect(() => parseDockerignore('**/*.test.ts\n!packages/cli')).toThrow(/re-includes/);
  });

  it('when installed with npm ci --omit=dev, then the dev dependencies (pino-pretty, vitest) are absent', () => {
    expect(['pino-pretty', 'vitest', 'typescript'].filter((dep) => existsSync(join(app, 'node_modules', dep)))).toEqual([]);
    expect(existsSync(join(app, 'node_modules', 'kafkajs'))).toBe(true);
  });
});

describe('services started on a terminal in the production install', () => {
  it('when the migrations run through booking-pipeline, then they apply and exit 0', () => {
    const result = runInImage(['booking-pipeline', 'migrate', 'up']);

    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain('applied: ');
  });

  it.each([
    {
      service: 'ingest',
      port: 'INGEST_PORT',
      env: async () => ({
        CALCOM_WEBHOOK_SECRETS: 'prod-install-secret',
        INGEST_SPOOL_DIR: join(dir, 'spool'),
        LOG_PRETTY: 'true',
      }),
    },
    {
      service: 'booker',
      port: 'BOOKER_PORT',
      env: async () => ({ BOOKER_GROUP_ID: await groupAtEnd([TOPICS.calcom, TOPICS.retell]) }),
    },
    {
      service: 'cache-invalidator',
      port: 'INVALIDATOR_PORT',
      env: async () => ({ INVALIDATOR_GROUP_ID: await groupAtEnd([TOPICS.changes]) }),
    },
  ])(
    'when $service starts on a terminal, then it becomes ready, reports the revision and stops cleanly on SIGTERM',
    async ({ service, port, env }) => {
      const listen = await freePort();
      const child = runOnTerminal(`exec node services/${service}/src/main.ts`, {
        cwd: app,
        env: { ...imageEnv, ...(await env()), [port]: String(listen) },
      });

      await waitUntilOk(`http://127.0.0.1:${listen}/readyz`, child);
      const metrics = await (await fetch(`http://127.0.0.1:${listen}/metrics`)).text();
      const exitCode = await child.stop();

      expect(metrics).toMatch(/_build_info\{version="0\.1\.0",revision="prodtest1",/);
      expect(exitCode).toBe(0);
      expect(child.output()).not.toContain('unable to determine transport target');
      if (service === 'ingest') expect(child.output()).toContain('pino-pretty is not installed');
    },
  );
});

describe('booking-pipeline in the production install', () => {
  // Unreachable dependencies: a command that ignored --help would fail fast instead of working.
  const offline = {
    KAFKA_BROKERS: '127.0.0.1:1',
    DATABASE_URL: 'mysql://root@127.0.0.1:1/x',
    REDIS_URL: 'redis://127.0.0.1:1/0',
  };

  it('when asked for --help, then it lists every command and exits 0; an unknown command exits 2', () => {
    const help = runInImage(['booking-pipeline', '--help'], offline);
    const unknown = runInImage(['booking-pipeline', 'rebuild-everything'], offline);

    expect(help.status).toBe(0);
    expect(Object.keys(OPS_COMMANDS).filter((name) => !help.stdout.includes(name))).toEqual([]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "rebuild-everything"');
  });

  it.each(Object.keys(OPS_COMMANDS))(
    'when "booking-pipeline %s --help" runs, then it prints its usage and exits 0',
    (command) => {
      const result = runInImage(['booking-pipeline', command, '--help'], offline);

      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect(result.stdout).toContain('usage:');
    },
  );
});
