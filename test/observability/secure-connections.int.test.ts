// Secured connections against the real broker and registry: a scratch Kafka (never the shared
// one) with an extra SASL_SSL listener — its own CA and certificate from keytool, a SCRAM-SHA-512
// user created at format time — and the local registry behind HTTP basic auth. The pipeline, a
// service's main and doctor get only environment variables, as in a deployment.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calcomBooking } from '@booking/ingest/testing';
import { freePort, STACK, uniqueName } from '@booking/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchKafka, type ScratchKafka } from '../../tools/stack/kafka.ts';
import { type BasicAuthRegistry, startBasicAuthRegistry } from './basic-auth-registry.ts';
import { startPipeline } from './pipeline-in-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const kafkaPassword = randomBytes(12).toString('hex');
const registryPassword = randomBytes(12).toString('hex');
const dir = mkdtempSync(join(tmpdir(), 'secure-kafka-'));
let scratch: ScratchKafka;
let registry: BasicAuthRegistry;
let secureEnv: Record<string, string>;

beforeAll(async () => {
  scratch = createScratchKafka({
    port: await freePort(),
    controllerPort: await freePort(),
    dir,
    saslSsl: { port: await freePort(), users: [{ mechanism: 'SCRAM-SHA-512', username: 'booking', password: kafkaPassword }] },
  });
  registry = await startBasicAuthRegistry(STACK.schemaRegistryUrl, 'registry-user', registryPassword);
  await scratch.start();
  const secured = scratch.saslSsl;
  if (!secured) throw new Error('scratch broker has no SASL_SSL listener');
  secureEnv = {
    KAFKA_BROKERS: secured.brokers.join(','),
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: secured.caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'booking',
    KAFKA_SASL_PASSWORD: kafkaPassword,
    SCHEMA_REGISTRY_URL: registry.url,
    SCHEMA_REGISTRY_USERNAME: 'registry-user',
    SCHEMA_REGISTRY_PASSWORD: registryPassword,
  };
}, 180_000);

afterAll(async () => {
  await scratch?.stop();
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a project script with the given environment; resolves with its exit code and output. */
function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS, REDIS_URL: STACK.redisUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('Kafka over SASL_SSL (SCRAM-SHA-512, private CA) and a registry with basic auth', () => {
  it('when a webhook goes through the pipeline, then the booker applies it and the invalidator commits its change', async () => {
    const pipeline = await startPipeline({ env: secureEnv });
    try {
      const status = await pipeline.postCalcom(calcomBooking(uniqueName('secure')));
      await pipeline.waitUntilIdle();
      const metrics = await (await fetch(`http://${pipeline.targets.booker}/metrics`)).text();
      const anonymous = await fetch(`${registry.url}/subjects`);

      expect(status).toBe(202);
      expect(metrics).toMatch(/^booker_records_total\{outcome="applied"\} 1$/m);
      expect({ rejected: registry.counts.rejected, anonymous: anonymous.status }).toEqual({ rejected: 1, anonymous: 401 });
      expect(registry.counts.authorized).toBeGreaterThan(0);
    } finally {
      await pipeline.stop();
    }
  });

  it.each([
    {
      service: 'ingest',
      env: () => ({ INGEST_SPOOL_DIR: join(dir, 'spool'), INGEST_TOPIC_CALCOM: uniqueName('secure-calcom') }),
    },
    { service: 'cache-invalidator', env: () => ({ INVALIDATOR_GROUP_ID: uniqueName('secure-invalidator') }) },
  ])(
    'when the Kafka password is wrong, then $service exits at start naming the authentication failure, never the password',
    async ({ service, env }) => {
      const wrong = `wrong-${randomBytes(8).toString('hex')}`;

      const { code, output } = await runScript(`services/${service}/src/main.ts`, [], {
        ...secureEnv,
        ...env(),
        KAFKA_SASL_PASSWORD: wrong,
        INGEST_PORT: String(await freePort()),
        INVALIDATOR_PORT: String(await freePort()),
      });

      expect(code).toBe(1);
      expect(output).toContain('SASL SCRAM SHA512 authentication failed');
      expect([wrong, kafkaPassword, registryPassword].filter((secret) => output.includes(secret))).toEqual([]);
    },
  );

  it('when doctor runs with the secured settings, then Kafka and the registry pass', async () => {
    const { output } = await runScript('packages/cli/src/doctor.ts', ['--json'], secureEnv);

    const checks = (JSON.parse(output.slice(output.indexOf('{'))) as { results: { check: string; status: string }[] }).results;
    expect(checks.filter((c) => c.check === 'kafka' || c.check === 'schema registry').map((c) => [c.check, c.status])).toEqual([
      ['kafka', 'PASS'],
      ['schema registry', 'PASS'],
    ]);
  });
});
