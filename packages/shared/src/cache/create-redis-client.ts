import { Redis } from 'ioredis';

export { Redis } from 'ioredis';

export interface RedisClientOptions {
  /** Reconnect attempts a queued command waits for before it fails (default 1). */
  maxRetriesPerRequest?: number;
  /** Upper bound of the reconnect delay (default 1 s). */
  maxReconnectDelayMs?: number;
  connectionName?: string;
}

/**
 * A Redis client that fails fast while Redis is down instead of queueing commands for a long
 * time (ioredis waits 20 reconnects by default): the caller — a consumer adapter — owns the
 * retry with backoff and turns readiness false meanwhile. It keeps reconnecting in the
 * background, so commands succeed again as soon as Redis is back.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const maxDelay = options.maxReconnectDelayMs ?? 1000;
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 1,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxDelay),
    connectTimeout: 3000,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  });
}

/** Closes a client made by createRedisClient: QUIT when connected, else stop reconnecting. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit();
  else client.disconnect();
}
