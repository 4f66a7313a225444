// How the services reach Redis: one node (REDIS_URL), a Sentinel-managed primary
// (REDIS_SENTINELS + REDIS_SENTINEL_NAME) or a Redis Cluster (REDIS_CLUSTER_NODES). The
// variables, the rules between them, and redisTarget(), the one place that turns them into the
// connection the client factory (cache/create-redis-client.ts) opens.
import { z } from 'zod';
import { flag } from './env-types.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';

const hostPorts = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port[,host:port...]')).min(1, 'must name at least one node'))
  .optional();

export const redisConnectionFields = {
  // No default here: "exactly one mode" needs to see whether it was set (redisTarget defaults it).
  REDIS_URL: z
    .string()
    .url()
    .refine((v) => ['redis:', 'rediss:'].includes(new URL(v).protocol), 'must be a redis: or rediss: URL')
    .optional(),
  REDIS_SENTINELS: hostPorts,
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  REDIS_CLUSTER_NODES: hostPorts,
  // Sentinel and cluster modes only: REDIS_URL carries its own credentials and TLS (rediss:).
  REDIS_USERNAME: z.string().min(1).optional(),
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_TLS: flag,
};

type RedisEnv = z.output<z.ZodObject<typeof redisConnectionFields>>;

const MODES = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const;

/** Cross-field rules; each message names the variables involved, never a value. */
export function checkRedisConnection(env: RedisEnv, ctx: z.RefinementCtx): void {
  const issue = (variable: keyof RedisEnv, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  const set = MODES.filter((mode) => env[mode] !== undefined);
  for (const extra of set.slice(1)) issue(extra, `is set together with ${set[0]}: set exactly one of ${MODES.join(', ')}`);
  if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME) issue('REDIS_SENTINEL_NAME', 'is required with REDIS_SENTINELS');
  if (env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS) issue('REDIS_SENTINELS', 'is required with REDIS_SENTINEL_NAME');
  const urlHint = 'is for REDIS_SENTINELS or REDIS_CLUSTER_NODES; with REDIS_URL use redis://user:password@host or rediss://';
  if (!env.REDIS_SENTINELS && !env.REDIS_CLUSTER_NODES) {
    for (const variable of ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS'] as const)
      if (env[variable]) issue(variable, urlHint);
  }
  if (env.REDIS_USERNAME && !env.REDIS_PASSWORD) issue('REDIS_PASSWORD', 'is required with REDIS_USERNAME');
}

export interface HostPort {
  host: string;
  port: number;
}

export interface RedisAuth {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisTarget =
  | { mode: 'standalone'; url: string }
  | { mode: 'sentinel'; sentinels: HostPort[]; name: string; auth: RedisAuth }
  | { mode: 'cluster'; nodes: HostPort[]; auth: RedisAuth };

const toHostPort = (value: string): HostPort => {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
};

/** The Redis the config names; call it on a config that passed checkRedisConnection. */
export function redisTarget(config: Pick<RedisEnv, keyof RedisEnv>): RedisTarget {
  const auth: RedisAuth = { username: config.REDIS_USERNAME, password: config.REDIS_PASSWORD, tls: config.REDIS_TLS };
  if (config.REDIS_CLUSTER_NODES) return { mode: 'cluster', nodes: config.REDIS_CLUSTER_NODES.map(toHostPort), auth };
  if (config.REDIS_SENTINELS && config.REDIS_SENTINEL_NAME) {
    return { mode: 'sentinel', sentinels: config.REDIS_SENTINELS.map(toHostPort), name: config.REDIS_SENTINEL_NAME, auth };
  }
  return { mode: 'standalone', url: config.REDIS_URL ?? DEFAULT_REDIS_URL };
}

/** Where a target points, for logs and reports: hosts only, never credentials. */
export function describeRedisTarget(target: RedisTarget): string {
  const list = (nodes: HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(',');
  if (target.mode === 'cluster') return `cluster ${list(target.nodes)}`;
  if (target.mode === 'sentinel') return `sentinel ${target.name} via ${list(target.sentinels)}`;
  const url = new URL(target.url);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
