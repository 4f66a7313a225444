import { describe, expect, it } from 'vitest';
import { configProblems, loadConfig } from './load-config.ts';
import { describeRedisTarget, redisTarget } from './redis-connection.ts';
import { commonSchema, invalidatorSchema } from './schema.ts';

const problems = (env: Record<string, string>) => configProblems(commonSchema, env);

const target = (env: Record<string, string>) => redisTarget(loadConfig(invalidatorSchema, env));

describe('redis connection configuration', () => {
  it('when no Redis variable is set, then the local single node is used', () => {
    expect(target({})).toEqual({ mode: 'standalone', url: 'redis://127.0.0.1:6379/0' });
  });

  it('when REDIS_URL is set, then that node is used with the credentials and TLS of its URL', () => {
    expect(target({ REDIS_URL: 'rediss://:pw@cache.internal:6380/2' })).toEqual({
      mode: 'standalone',
      url: 'rediss://:pw@cache.internal:6380/2',
    });
  });

  it('when sentinels and a primary name are set, then the sentinel mode is used with its nodes and credentials', () => {
    const env = {
      REDIS_SENTINELS: 's1:26379, s2:26380',
      REDIS_SENTINEL_NAME: 'bookings',
      REDIS_PASSWORD: 'pw',
      REDIS_TLS: 'true',
    };

    expect(target(env)).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'bookings',
      auth: { username: undefined, password: 'pw', tls: true },
    });
  });

  it('when cluster nodes are set, then the cluster mode is used with every seed node', () => {
    const env = { REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7001', REDIS_USERNAME: 'inv', REDIS_PASSWORD: 'pw' };

    expect(target(env)).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      auth: { username: 'inv', password: 'pw', tls: false },
    });
  });

  it('when two modes are set, then the error names the second and says to set exactly one', () => {
    expect(problems({ REDIS_URL: 'redis://h:6379/0', REDIS_CLUSTER_NODES: 'h:7000' })).toEqual([
      'REDIS_CLUSTER_NODES: is set together with REDIS_URL: set exactly one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES',
    ]);
    expect(problems({ REDIS_SENTINELS: 'h:26379', REDIS_SENTINEL_NAME: 'm', REDIS_CLUSTER_NODES: 'h:7000' })).toEqual([
      'REDIS_CLUSTER_NODES: is set together with REDIS_SENTINELS: set exactly one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES',
    ]);
  });

  it('when sentinels are set without a primary name, or a name without sentinels, then the missing one is named', () => {
    expect(problems({ REDIS_SENTINELS: 'h:26379' })).toEqual(['REDIS_SENTINEL_NAME: is required with REDIS_SENTINELS']);
    expect(problems({ REDIS_SENTINEL_NAME: 'bookings' })).toEqual(['REDIS_SENTINELS: is required with REDIS_SENTINEL_NAME']);
  });

  it('when a node list is not host:port, then the variable is named without echoing the value', () => {
    expect(problems({ REDIS_CLUSTER_NODES: 'h:7000,secret-host' })).toEqual([
      'REDIS_CLUSTER_NODES: must be host:port[,host:port...]',
    ]);
  });

  it('when credentials or TLS are set for a REDIS_URL node, then each is refused and points to the URL', () => {
    const hint = 'is for REDIS_SENTINELS or REDIS_CLUSTER_NODES; with REDIS_URL use redis://user:password@host or rediss://';

    expect(problems({ REDIS_PASSWORD: 'pw', REDIS_TLS: 'true' })).toEqual([`REDIS_PASSWORD: ${hint}`, `REDIS_TLS: ${hint}`]);
  });

  it('when a username is set without a password, then the password is required', () => {
    expect(problems({ REDIS_CLUSTER_NODES: 'h:7000', REDIS_USERNAME: 'inv' })).toEqual([
      'REDIS_PASSWORD: is required with REDIS_USERNAME',
    ]);
  });

  it('when a target is described, then hosts are shown and credentials are not', () => {
    const url = describeRedisTarget({ mode: 'standalone', url: 'rediss://user:s3cret@cache:6380/1' });
    const cluster = describeRedisTarget(target({ REDIS_CLUSTER_NODES: 'a:7000,b:7001', REDIS_PASSWORD: 's3cret' }));

    expect([url, cluster]).toEqual(['rediss://cache:6380/1', 'cluster a:7000,b:7001']);
  });

  it('when REDIS_WAIT_REPLICAS is above 5, then it is refused', () => {
    expect(() => loadConfig(invalidatorSchema, { REDIS_WAIT_REPLICAS: '6' })).toThrow(/REDIS_WAIT_REPLICAS: Too big/);
  });
});
