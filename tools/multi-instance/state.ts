// The shared state a multi-instance run creates, watches and removes: a database (migrated),
// throw-away topics with the pipeline's configs, the consumer groups' lag, the final rows and
// the cache keys seeded before the run.
import { appointmentKey, type Redis } from '@booking/shared/cache';
import { ensureTopics, type Kafka, pipelineTopics, removeFromBroker, TOPICS } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import { createOrm, dropDatabase, ensureDatabase, type MikroORM, migrateUp } from '@booking/shared/orm';
import type { FinalRow } from '../chaos/verdict.ts';
import type { RunNames } from './fleet.ts';

export async function prepareDatabase(databaseUrl: string): Promise<MikroORM> {
  await ensureDatabase(databaseUrl);
  const orm = await createOrm({ databaseUrl });
  await migrateUp(orm);
  return orm;
}

/** Created up front, so that six instances starting at once do not race to create them. */
export async function createTopics(kafka: Kafka, names: RunNames, partitions: number, logger: Logger): Promise<void> {
  const rename: Record<string, string> = {
    [TOPICS.calcom]: names.topics.calcom,
    [TOPICS.retell]: names.topics.retell,
    [TOPICS.changes]: names.topics.changes,
    [TOPICS.dlq]: names.topics.dlq,
  };
  const specs = pipelineTopics(partitions, 1).map((s) => ({ ...s, topic: rename[s.topic] ?? s.topic }));
  await ensureTopics(kafka, specs, logger);
}

/** Records of `topics` the group has not committed yet (no commit = the whole partition). */
export async function groupLag(kafka: Kafka, groupId: string, topics: string[]): Promise<bigint> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let lag = 0n;
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const p of partitions) {
        const end = BigInt(ends.find((e) => e.partition === p.partition)?.high ?? '0');
        lag += BigInt(p.offset) >= 0n ? end - BigInt(p.offset) : end;
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** Polls until both groups have committed everything there is (Kafka offers no push signal). */
export async function waitDrained(kafka: Kafka, names: RunNames, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const booker = await groupLag(kafka, names.groups.booker, [names.topics.calcom, names.topics.retell]);
    const invalidator = booker === 0n ? await groupLag(kafka, names.groups.invalidator, [names.topics.changes]) : -1n;
    if (booker === 0n && invalidator === 0n) return;
    if (Date.now() > deadline)
      throw new Error(`not drained within ${timeoutMs / 1000} s: lag booker ${booker}, invalidator ${invalidator}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function finalRows(orm: MikroORM, runId: string): Promise<Map<string, FinalRow>> {
  const rows: { booking_uid: string; n: number | string; version: number | string }[] = await orm.em
    .fork()
    .getConnection()
    .execute(
      'SELECT booking_uid, COUNT(*) AS n, MAX(version) AS version FROM appointments WHERE booking_uid LIKE ? GROUP BY booking_uid',
      [`${runId}-%`],
      'all',
    );
  return new Map(rows.map((r) => [r.booking_uid, { count: Number(r.n), version: Number(r.version) }]));
}

export async function seedCacheKeys(redis: Redis, uids: string[]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const uid of uids) pipeline.set(appointmentKey(uid), 'cached before the run', 'EX', 3600);
  await pipeline.exec();
}

/** Bookings whose seeded key is still present: their change never reached an invalidator. */
export async function staleCacheUids(redis: Redis, uids: string[]): Promise<Set<string>> {
  const pipeline = redis.pipeline();
  for (const uid of uids) pipeline.exists(appointmentKey(uid));
  const results = (await pipeline.exec()) ?? [];
  return new Set(uids.filter((_, i) => results[i]?.[1] === 1));
}

export async function removeRunState(kafka: Kafka, names: RunNames, redis: Redis, uids: string[]): Promise<void> {
  const groups = [names.groups.booker, names.groups.invalidator];
  await removeFromBroker(kafka, { topics: Object.values(names.topics), groups });
  if (uids.length > 0) await redis.unlink(...uids.map(appointmentKey));
  await dropDatabase(names.databaseUrl);
}
