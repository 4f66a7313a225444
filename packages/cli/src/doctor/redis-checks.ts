import { Redis } from 'ioredis';
import type { CheckResult } from './types.ts';

export async function checkRedis(redisUrl: string): Promise<CheckResult[]> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const pong = await redis.ping();
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
    return [
      {
        check: 'redis',
        status: pong === 'PONG' ? 'PASS' : 'FAIL',
        evidence: `${new URL(redisUrl).host} answers PING, version ${version}`,
      },
    ];
  } finally {
    redis.disconnect();
  }
}
