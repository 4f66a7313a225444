// doctor against the real stack: all PASS when healthy, and a FAIL with the evidence an
// operator needs for each of the failures a deployment sign-off must catch.

import { logger, stackClients } from '@booking/booker/testing';
import type { EventDefinition } from '@booking/shared/events';
import { events } from '@booking/shared/events';
import { ensureTopics, pipelineTopics, type TopicSpec } from '@booking/shared/kafka';
import { migrateDown } from '@booking/shared/orm';
import { createAvroCodec } from '@booking/shared/registry';
import { createScratchDatabase, STACK, startRedisCluster, startTcpProxy, uniqueName } from '@booking/shared/testing';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createDoctorKafka } from '../../packages/cli/src/doctor/kafka-checks.ts';
import { type DoctorTargets, runDoctor } from '../../packages/cli/src/doctor/run-doctor.ts';
import type { CheckResult } from '../../packages/cli/src/doctor/types.ts';

const { registry } = stackClients();
const kafka = createDoctorKafka([...STACK.kafkaBrokers], logger);
const prefix = uniqueName('doctor');
const topics: TopicSpec[] = pipelineTopics(2, 1).map((s) => ({ ...s, topic: `${prefix}.${s.topic}` }));
const subjects: EventDefinition[] = Object.values(events).map((d) => ({ ...d, subject: `${prefix}.${d.subject}` }));

/** A migrated database of the test's own, dropped when it finishes. */
const database = async (): Promise<string> => (await createScratchDatabase('doctor')).url();

function targets(overrides: Partial<DoctorTargets>): DoctorTargets {
  return {
    kafka,
    brokers: [...STACK.kafkaBrokers],
    topics,
    groups: [],
    registryUrl: STACK.schemaRegistryUrl,
    subjects,
    databaseUrl: 'set per test',
    redis: STACK.redisUrl,
    ...overrides,
  };
}

const byCheck = (results: CheckResult[], check: string) => results.find((r) => r.check === check);

beforeAll(async () => {
  await ensureTopics(kafka, topics, logger);
  for (const d of subjects) await createAvroCodec(registry, d.subject, d.schema);
});

describe('doctor', () => {
  it('when the stack is healthy, then every check passes', async () => {
    const results = await runDoctor(targets({ databaseUrl: await database() }));

    expect(results.filter((r) => r.status !== 'PASS')).toEqual([]);
    expect(results.map((r) => r.check)).toEqual(
      expect.arrayContaining([
        'kafka',
        'schema registry',
        'mariadb',
        'migrations',
        'schema drift',
        'index count',
        'key collations',
        'redis',
      ]),
    );
  });

  it('when a compacted topic was recreated with cleanup.policy=delete, then its check fails saying so', async () => {
    const wrong = { ...topics[0], topic: `${prefix}.recreated` } as TopicSpec;
    await ensureTopics(kafka, [{ ...wrong, configs: { 'cleanup.policy': 'delete' } }], logger);

    const results = await runDoctor(targets({ topics: [wrong], databaseUrl: await database() }));

    expect(byCheck(results, `topic ${prefix}.recreated`)).toMatchObject({
      status: 'FAIL',
      evidence: expect.stringContaining('cleanup.policy=delete (expected compact)'),
    });
  });

  it("when a subject is not BACKWARD_TRANSITIVE or its latest version is not the code's schema, then doctor reports it", async () => {
    const [first] = subjects as [EventDefinition];
    const loose = { ...first, subject: `${prefix}.loose-value` };
    const evolved = { ...first, subject: `${prefix}.evolved-value` };
    await createAvroCodec(registry, loose.subject, loose.schema);
    await fetch(`${STACK.schemaRegistryUrl}/config/${loose.subject}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: 'BACKWARD' }),
    });
    await createAvroCodec(registry, evolved.subject, evolved.schema);
    const newer = {
      ...evolved.schema,
      fields: [...evolved.schema.fields, { name: 'extra', type: ['null', 'string'], default: null }],
    };
    await createAvroCodec(registry, evolved.subject, newer);

    const results = await runDoctor(targets({ subjects: [loose, evolved], databaseUrl: await database() }));

    expect(byCheck(results, `subject ${loose.subject} compatibility`)).toMatchObject({
      status: 'WARN',
      evidence: expect.stringContaining('BACKWARD, the code needs BACKWARD_TRANSITIVE'),
    });
    expect(byCheck(results, `subject ${evolved.subject}`)).toMatchObject({
      status: 'WARN',
      evidence: expect.stringContaining('differs from the code'),
    });
  });

  it('when a column was dropped, then schema drift fails naming the table and column', async () => {
    const db = await createScratchDatabase('doctor');
    await db.orm.em.getConnection().execute('ALTER TABLE appointments DROP COLUMN location');

    const results = await runDoctor(targets({ databaseUrl: db.url() }));

    expect(byCheck(results, 'schema drift')).toMatchObject({
      status: 'FAIL',
      evidence: expect.stringContaining('appointments.location'),
    });
  });

  it('when a key column pads (utf8mb4_bin), then key collations and schema drift fail naming it and its pad attribute', async () => {
    const db = await createScratchDatabase('doctor');
    await db.orm.em
      .getConnection()
      .execute('ALTER TABLE appointments MODIFY booking_uid VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');

    const results = await runDoctor(targets({ databaseUrl: db.url() }));

    expect(byCheck(results, 'key collations')).toMatchObject({
      status: 'FAIL',
      evidence: expect.stringContaining('appointments.booking_uid is utf8mb4_bin (PAD SPACE)'),
    });
    expect(byCheck(results, 'schema drift')).toMatchObject({
      status: 'FAIL',
      evidence: expect.stringContaining(
        'appointments.booking_uid: collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_bin (PAD SPACE)',
      ),
    });
  });

  it('when a migration is pending, then the migrations check fails naming it', async () => {
    const db = await createScratchDatabase('doctor');
    const reverted = await migrateDown(db.orm);

    const results = await runDoctor(targets({ databaseUrl: db.url() }));

    expect(reverted).toHaveLength(1);
    expect(byCheck(results, 'migrations')).toMatchObject({
      status: 'FAIL',
      evidence: `pending: ${reverted[0]} (run npm run migrate)`,
    });
  });

  it('when Redis is down, then the redis check fails and the others still answer', async () => {
    const redisUrl = new URL(STACK.redisUrl);
    const proxy = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    onTestFinished(() => proxy.close());
    await proxy.cut();

    const results = await runDoctor(targets({ databaseUrl: await database(), redis: `redis://127.0.0.1:${proxy.port}/0` }));

    expect(byCheck(results, 'redis')).toMatchObject({
      status: 'FAIL',
      evidence: expect.stringMatching(/ECONNREFUSED|Connection is closed/),
    });
    expect(byCheck(results, 'kafka')?.status).toBe('PASS');
  });

  it('when Redis is a cluster, then the redis check passes through the cluster client and names the cluster state', async () => {
    const cluster = await startRedisCluster('doctor', 3, 0);
    onTestFinished(() => cluster.remove());

    const results = await runDoctor(targets({ databaseUrl: await database(), redis: cluster.target }));

    expect(byCheck(results, 'redis')).toMatchObject({
      status: 'PASS',
      evidence: expect.stringMatching(/^cluster 127\.0\.0\.1:\d+,.* answers PING, version \S+, cluster_state ok$/),
    });
  });
});
