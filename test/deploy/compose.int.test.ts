// docker-compose.yml is the tested stack (issue #18 item 4), checked where no Docker engine can
// run it: the same Kafka and Apicurio versions as tools/stack (what every test runs against),
// every published port on 127.0.0.1 only, Kafka reachable from the host on its own listener,
// the services on the internal listener and the registry's Confluent API, and `.env` read by
// compose and — through Node's --env-file-if-exists — by `npm start` and the ops tools.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse } from 'yaml';
import { REGISTRY_URL, REGISTRY_VERSION } from '../../tools/stack/registry.ts';
import { ROOT } from './manifests.ts';

interface Service {
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const env = (name: string) => services[name]?.environment ?? {};
const stackKafkaVersion = /<kafka\.version>([^<]+)</.exec(readFileSync(join(ROOT, 'tools', 'stack', 'pom.xml'), 'utf8'))?.[1];
const rootScripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('docker-compose.yml: the stack the tests run against', () => {
  it("when compose starts Kafka and the registry, then they are the local stack's versions: Kafka 4.2 and Apicurio with BACKWARD compatibility", () => {
    const registry = services['schema-registry'];

    expect(services.kafka?.image).toBe(`apache/kafka:${stackKafkaVersion}`);
    expect(registry?.image).toBe(`apicurio/apicurio-registry:${REGISTRY_VERSION}`);
    expect(env('schema-registry').APICURIO_RULES_GLOBAL_COMPATIBILITY).toBe('BACKWARD');
    expect(JSON.stringify(compose)).not.toMatch(/confluentinc/);
  });

  it('when a port is published, then it is bound to 127.0.0.1 only', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => `${name} ${p}`));

    expect(published.length).toBeGreaterThanOrEqual(7);
    expect(published.filter((p) => !/ 127\.0\.0\.1:/.test(p))).toEqual([]);
  });

  it('when a host tool connects, then Kafka, the registry, MariaDB, Redis and the ingest answer on the addresses of the defaults', () => {
    const hostPort = (name: string, container: number) =>
      services[name]?.ports?.find((p) => p.endsWith(`:${container}`))?.split(':')[1] ?? '';
    const kafka = env('kafka');

    expect(kafka.KAFKA_ADVERTISED_LISTENERS?.split(',')).toContain(`EXTERNAL://127.0.0.1:${hostPort('kafka', 9092)}`);
    expect(kafka.KAFKA_LISTENERS?.split(',')).toEqual(expect.arrayContaining(['EXTERNAL://:9092', 'INTERNAL://:29092']));
    expect(kafka.KAFKA_INTER_BROKER_LISTENER_NAME).toBe('INTERNAL');
    expect([
      hostPort('kafka', 9092),
      hostPort('schema-registry', 8080),
      hostPort('mariadb', 3306),
      hostPort('redis', 6379),
    ]).toEqual(['9092', new URL(REGISTRY_URL).port, '3306', '6379']);
    expect(services.ingest?.ports).toEqual([`127.0.0.1:\${INGEST_HOST_PORT:-3000}:3000`]);
  });

  it('when an app container starts, then it reaches Kafka on the internal listener and the registry on its Confluent API', () => {
    const apps = ['migrate', 'ingest', 'booker', 'cache-invalidator'].map((name) => [
      env(name).KAFKA_BROKERS,
      env(name).SCHEMA_REGISTRY_URL,
    ]);

    expect(apps).toEqual(apps.map(() => ['kafka:29092', `http://schema-registry:8080${new URL(REGISTRY_URL).pathname}`]));
  });
});

describe('.env: one file for compose, npm start and the ops tools', () => {
  it('when npm start or an ops tool runs, then Node reads .env from the repository root if it exists', () => {
    const readers = [
      'start',
      'migrate',
      'migrate:down',
      'migrate:status',
      'doctor',
      'dlq',
      'verify',
      'replay',
      'demo',
      'alerts:render',
    ];

    expect(readers.filter((name) => !/ node --env-file-if-exists=\.env /.test(rootScripts[name] ?? ''))).toEqual([]);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.env');
  });

  it('when .env sets a variable, then the tool sees it, a variable already in the environment wins, and a missing .env is no error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=debug\nKAFKA_BROKERS=127.0.0.1:19092\n');
    const print = ['--env-file-if-exists=.env', '-e', 'console.log(process.env.LOG_LEVEL, process.env.KAFKA_BROKERS)'];
    const run = (cwd: string, extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, print, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, ...extra } });

    const fromFile = run(dir);
    const overridden = run(dir, { LOG_LEVEL: 'warn' });
    const missing = run(join(dir, '..'));

    expect(fromFile.stdout).toBe('debug 127.0.0.1:19092\n');
    expect(overridden.stdout).toBe('warn 127.0.0.1:19092\n');
    expect([missing.status, missing.stdout]).toEqual([0, 'undefined undefined\n']);
  });
});
