import { Cluster, closeRedisClient, createRedisClient, describeRedis } from '@booking/shared/cache';
import type { RedisTarget } from '@booking/shared/config';
import type { CheckResult } from './types.ts';

/** PING and the server version through the same client factory the invalidator uses; on a
 * cluster also CLUSTER INFO, since a cluster that lost a shard answers PING but not every key. */
export async function checkRedis(target: string | RedisTarget): Promise<CheckResult[]> {
  const redis =
    typeof target === 'string'
      ? createRedisClient(target, { maxRetriesPerRequest: 0, noReconnect: true, connectTimeoutMs: 2000 })
      : createRedisClient(target, { maxRetriesPerRequest: 0, noReconnect: true, connectTimeoutMs: 2000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const pong = await redis.ping();
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
    const state = redis instanceof Cluster ? /cluster_state:(\S+)/.exec(String(await redis.cluster('INFO')))?.[1] : undefined;
    const healthy = pong === 'PONG' && (state === undefined || state === 'ok');
    return [
      {
        check: 'redis',
        status: healthy ? 'PASS' : 'FAIL',
        evidence: `${describeRedis(target)} answers PING, version ${version}${state ? `, cluster_state ${state}` : ''}`,
      },
    ];
  } finally {
    await closeRedisClient(redis).catch(() => redis.disconnect());
  }
}
