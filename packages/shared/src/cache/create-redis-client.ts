// The one factory for Redis clients: the invalidator and every ops tool that touches Redis open
// their connection here, so one node, Sentinel and Cluster behave the same everywhere.
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { describeRedisTarget, type RedisAuth, type RedisTarget } from '../config/redis-connection.ts';

export { Cluster, Redis } from 'ioredis';

/** A client of any mode: both run every command the pipeline uses (UNLINK, PUBLISH, WAIT, …). */
export type RedisConnection = Redis | Cluster;

export interface RedisClientOptions {
  /** Reconnect attempts a queued command waits for before it fails (default 1). */
  maxRetriesPerRequest?: number;
  /** Upper bound of the reconnect delay (default 1 s). */
  maxReconnectDelayMs?: number;
  connectionName?: string;
  /** Give up after the first failed connect instead of reconnecting (one-shot tools: doctor). */
  noReconnect?: boolean;
  connectTimeoutMs?: number;
}

/**
 * A client that fails fast while Redis is down instead of queueing commands for a long time
 * (ioredis waits 20 reconnects by default): the caller — a consumer adapter — owns the retry
 * with backoff and turns readiness false meanwhile. It keeps reconnecting in the background, so
 * commands succeed again as soon as Redis (or the promoted replica after a failover) is back.
 * A string is a REDIS_URL.
 */
export function createRedisClient(target: string, options?: RedisClientOptions): Redis;
export function createRedisClient(target: RedisTarget, options?: RedisClientOptions): RedisConnection;
export function createRedisClient(target: string | RedisTarget, options: RedisClientOptions = {}): RedisConnection {
  const resolved: RedisTarget = typeof target === 'string' ? { mode: 'standalone', url: target } : target;
  const maxDelay = options.maxReconnectDelayMs ?? 1000;
  const backoff = (times: number) => (options.noReconnect ? null : Math.min(50 * 2 ** Math.min(times, 10), maxDelay));
  const common: RedisOptions = {
    lazyConnect: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 1,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  };
  if (resolved.mode === 'standalone') return new Redis(resolved.url, { ...common, retryStrategy: backoff });
  if (resolved.mode === 'sentinel') {
    return new Redis({
      ...common,
      ...credentials(resolved.auth),
      sentinels: resolved.sentinels,
      name: resolved.name,
      enableTLSForSentinelMode: resolved.auth.tls,
      retryStrategy: backoff,
      sentinelRetryStrategy: backoff,
      // a demoted primary answers writes with READONLY: reconnect (to the one Sentinel names now)
      // and let the command fail, so its batch is retried, never counted as done
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
    });
  }
  return new Cluster(resolved.nodes, {
    lazyConnect: true,
    // reads go to primaries: a replica can still hold a key its primary just removed
    scaleReads: 'master',
    // 'ready' only once CLUSTER INFO says the cluster serves every slot
    enableReadyCheck: true,
    clusterRetryStrategy: backoff,
    // a command to a dead primary is retried (slots refreshed) for about maxRedirections ×
    // retryDelayOnFailover, then fails; the consumer retries the batch until the replica took over
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    maxRedirections: 16,
    slotsRefreshTimeout: 2000,
    redisOptions: { ...common, ...credentials(resolved.auth) },
  });
}

function credentials(auth: RedisAuth): RedisOptions {
  return {
    ...(auth.username ? { username: auth.username } : {}),
    ...(auth.password ? { password: auth.password } : {}),
    ...(auth.tls ? { tls: {} } : {}),
  };
}

/** Where a client points, for logs (never credentials). */
export function describeRedis(target: string | RedisTarget): string {
  return describeRedisTarget(typeof target === 'string' ? { mode: 'standalone', url: target } : target);
}

/** Closes a client made by createRedisClient: QUIT when connected, else stop reconnecting. */
export async function closeRedisClient(client: RedisConnection): Promise<void> {
  if (client.status === 'ready') await client.quit();
  else client.disconnect();
}
