// A throw-away Sentinel set-up for one test file: a primary, 2 replicas and 3 Sentinels (quorum 2,
// down after 1 s), each a redis-server child process in a temporary directory on free ports.
// Sentinel is a mode of redis-server itself, so nothing beyond the redis-server package is needed
// (Debian's redis-sentinel package only adds a link and a service). remove() kills every process
// by pid and deletes the directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisTarget } from '../config/redis-connection.ts';
import { freePort } from './index.ts';
import { waitForReplicasInSync } from './redis-cluster.ts';
import { type RedisProcess, startRedisProcess } from './redis-process.ts';

export interface ScratchRedisSentinel {
  target: RedisTarget;
  /** The primary first, then the replicas, as started. */
  nodes: RedisProcess[];
  sentinels: RedisProcess[];
  /** Port of the primary as every Sentinel names it, once they agree and it is not `notPort`. */
  waitForPrimary(notPort?: number, timeoutMs?: number): Promise<number>;
  remove(): Promise<void>;
}

const NAME = 'bookings';

async function sentinelView(port: number): Promise<{ primary: number; replicas: number; sentinels: number }> {
  const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    const fields = (await client.call('SENTINEL', 'MASTER', NAME)) as string[];
    const get = (name: string) => fields[fields.indexOf(name) + 1];
    return {
      primary: Number(get('port')),
      replicas: Number(get('num-slaves')),
      sentinels: Number(get('num-other-sentinels')) + 1,
    };
  } finally {
    client.disconnect();
  }
}

// Sentinel announces failovers on pub/sub, but a test must also know the state before it
// subscribed; reading SENTINEL MASTER until the answer holds covers both
async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function startRedisSentinel(label: string, replicas = 2, sentinelCount = 3): Promise<ScratchRedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), `${label}-redis-sentinel-`));
  const nodes: RedisProcess[] = [];
  const sentinels: RedisProcess[] = [];
  const remove = async () => {
    await Promise.all([...sentinels, ...nodes].map((n) => n.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  const views = () => Promise.all(sentinels.map((s) => sentinelView(s.port)));
  try {
    const primary = await startRedisProcess({ dir, port: await freePort(), config: [] });
    nodes.push(primary);
    for (let i = 0; i < replicas; i++) {
      nodes.push(await startRedisProcess({ dir, port: await freePort(), config: [`replicaof 127.0.0.1 ${primary.port}`] }));
    }
    await waitForReplicasInSync(nodes);
    for (let i = 0; i < sentinelCount; i++) {
      const config = [
        `sentinel monitor ${NAME} 127.0.0.1 ${primary.port} 2`,
        `sentinel down-after-milliseconds ${NAME} 1000`,
        // a failed election (split vote) is retried after twice this: keep it short
        `sentinel failover-timeout ${NAME} 2000`,
      ];
      sentinels.push(await startRedisProcess({ dir, port: await freePort(), config, sentinel: true }));
    }
    await until(
      async () => ((await views()).every((v) => v.replicas === replicas && v.sentinels === sentinelCount) ? true : undefined),
      'sentinels that know every replica and each other',
      30_000,
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    target: {
      mode: 'sentinel',
      sentinels: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
      name: NAME,
      auth: { tls: false },
    },
    nodes,
    sentinels,
    waitForPrimary: (notPort, timeoutMs = 30_000) =>
      until(
        async () => {
          const live = sentinels.filter((s) => s.pid() !== undefined);
          const ports = new Set((await Promise.all(live.map((s) => sentinelView(s.port)))).map((v) => v.primary));
          const [port] = ports;
          return ports.size === 1 && port !== undefined && port !== notPort ? port : undefined;
        },
        'one primary named by every Sentinel',
        timeoutMs,
      ),
    remove,
  };
}
