// The instances of a multi-instance run: two ingests (each its own port and spool directory),
// two bookers and two invalidators, each a child process started the way `npm start` starts a
// service (tools/start/service-process.ts), on free ports, all sharing one set of throw-away
// topics, consumer groups and database. An instance can be stopped (SIGTERM, graceful) and
// started again under the same name, which makes its group rebalance twice.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonSchema, loadConfig, topicVariables } from '@booking/shared/config';
import { createKafka, kafkaSecurity } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { freePort } from '@booking/shared/testing';
import { numberOption, type ParsedValues } from '../../packages/cli/src/lib/cli.ts';
import { spawnService } from '../start/service-process.ts';

export type ServiceName = 'ingest' | 'booker' | 'cache-invalidator';

export interface Instance {
  name: string;
  service: ServiceName;
  url: string;
  env: NodeJS.ProcessEnv;
  child?: ChildProcess;
}

export interface RunNames {
  id: string;
  topics: { calcom: string; retell: string; changes: string; dlq: string };
  groups: { booker: string; invalidator: string };
  databaseUrl: string;
}

/** A run's own throw-away topics, groups and database (`prefix` tells the tools' runs apart). */
export function runNames(prefix: string, databaseUrl: string): RunNames {
  const id = `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const database = new URL(databaseUrl);
  database.pathname = `/${id.replaceAll('-', '_')}`;
  const topic = (name: string) => `${id}.${name}`;
  return {
    id,
    topics: {
      calcom: topic('bookings.calcom'),
      retell: topic('bookings.retell'),
      changes: topic('bookings.changes'),
      dlq: topic('bookings.dlq'),
    },
    groups: { booker: `${id}-booker`, invalidator: `${id}-cache-invalidator` },
    databaseUrl: database.toString(),
  };
}

const PORT_VARIABLE: Record<ServiceName, string> = {
  ingest: 'INGEST_PORT',
  booker: 'BOOKER_PORT',
  'cache-invalidator': 'INVALIDATOR_PORT',
};

export function sharedEnv(names: RunNames, options: { secret: string; partitions: number }): NodeJS.ProcessEnv {
  const { topics, groups } = names;
  return {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    DATABASE_URL: names.databaseUrl,
    KAFKA_TOPIC_PARTITIONS: String(options.partitions),
    CALCOM_WEBHOOK_SECRETS: options.secret,
    INGEST_HOST: '127.0.0.1',
    BOOKER_GROUP_ID: groups.booker,
    INVALIDATOR_GROUP_ID: groups.invalidator,
    ...topicVariables(topics),
  };
}

/** One instance of a service: a free port, its own client id and spool directory, not started. */
export async function planInstance(
  service: ServiceName,
  name: string,
  env: NodeJS.ProcessEnv,
  spoolRoot: string,
): Promise<Instance> {
  const port = await freePort();
  const own = { [PORT_VARIABLE[service]]: String(port), KAFKA_CLIENT_ID: name, INGEST_SPOOL_DIR: join(spoolRoot, name) };
  return { name, service, url: `http://127.0.0.1:${port}`, env: { ...env, ...own } };
}

export async function planFleet(env: NodeJS.ProcessEnv, spoolRoot: string): Promise<Instance[]> {
  const instances: Instance[] = [];
  for (const service of ['ingest', 'booker', 'cache-invalidator'] as const) {
    for (const suffix of ['a', 'b']) instances.push(await planInstance(service, `${service}-${suffix}`, env, spoolRoot));
  }
  return instances;
}

/** The options every fleet tool takes, with its own defaults for the load. */
export function fleetOptions(defaults: { rate: number; duration: number }) {
  return {
    rate: { type: 'string' as const, description: 'signed webhooks per second', default: String(defaults.rate) },
    duration: { type: 'string' as const, description: 'seconds of load', default: String(defaults.duration) },
    partitions: { type: 'string' as const, description: 'partitions of the throw-away topics', default: '6' },
  };
}

/** What a fleet tool (multi-instance, rebalance) opens before its run: options, names, clients. */
export function openFleetRun(tool: string, prefix: string, values: ParsedValues, defaults: { rate: number; duration: number }) {
  const config = loadConfig(commonSchema, process.env);
  const logger = createLogger({ name: tool, level: 'warn' });
  const names = runNames(prefix, config.DATABASE_URL);
  return {
    rate: numberOption(values, 'rate') ?? defaults.rate,
    duration: numberOption(values, 'duration') ?? defaults.duration,
    partitions: Math.round(numberOption(values, 'partitions') ?? 6),
    config,
    logger,
    names,
    secret: randomBytes(16).toString('hex'),
    kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: names.id, logger, security: kafkaSecurity(config) }),
    spool: mkdtempSync(join(tmpdir(), `${names.id}-`)),
    say: (line: string) => process.stderr.write(`${line}\n`),
  };
}

export function startInstance(instance: Instance, onLine: (name: string, line: string) => void): void {
  instance.child = spawnService(instance.service, instance.env, (line) => onLine(instance.name, line));
}

/** SIGTERM (graceful: the consumer leaves its group) and wait for the exit. */
export async function stopInstance(instance: Instance): Promise<number | null> {
  const child = instance.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

/** Polls /readyz until 200: the service has no push signal for "ready". */
export async function waitReady(instance: Instance, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const child = instance.child;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${instance.name} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    const ok = await fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${instance.name} not ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
