// A throw-away Redis Cluster for one test file: 3 primaries + 1 replica each (6 redis-server
// processes in a temporary directory on free ports), joined with `redis-cli --cluster create`.
// remove() kills every process by pid and deletes the directory. cluster-node-timeout is 1 s so
// that a killed primary's replica takes over within seconds.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisTarget } from '../config/redis-connection.ts';
import { freePort } from './index.ts';
import { pollUntil } from './poll-until.ts';
import { type RedisProcess, startRedisProcess } from './redis-process.ts';

const run = promisify(execFile);

export interface ClusterNodeInfo {
  port: number;
  role: 'master' | 'slave';
  /** Port of its primary, for a replica. */
  primaryPort?: number;
  failed: boolean;
  slots: number;
}

export interface ScratchRedisCluster {
  target: RedisTarget;
  nodes: RedisProcess[];
  /** Every node's view as one live node reports it (CLUSTER NODES). */
  topology(): Promise<ClusterNodeInfo[]>;
  /** Resolves once the topology satisfies `done` (e.g. a replica took over); rejects after `timeoutMs`. */
  waitForTopology(done: (nodes: ClusterNodeInfo[]) => boolean, timeoutMs?: number): Promise<ClusterNodeInfo[]>;
  remove(): Promise<void>;
}

export async function startRedisCluster(label: string, primaries = 3, replicasPerPrimary = 1): Promise<ScratchRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), `${label}-redis-cluster-`));
  const nodes: RedisProcess[] = [];
  const remove = async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < primaries * (1 + replicasPerPrimary); i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      const config = ['cluster-enabled yes', `cluster-port ${busPort}`, `cluster-config-file nodes-${port}.conf`];
      nodes.push(await startRedisProcess({ dir, port, config: [...config, 'cluster-node-timeout 1000'] }));
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      String(replicasPerPrimary),
      '--cluster-yes',
    ]);
  } catch (error) {
    await remove();
    throw error;
  }
  const topology = async () => {
    const live = nodes.find((n) => n.pid() !== undefined);
    const client = new Redis({ port: live?.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      return parseClusterNodes(String(await client.call('CLUSTER', 'NODES')));
    } finally {
      client.disconnect();
    }
  };
  // Redis Cluster announces no finished failover to clients: re-read CLUSTER NODES until it shows
  const waitForTopology = async (done: (nodes: ClusterNodeInfo[]) => boolean, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const nodes = await topology().catch(() => []);
      if (nodes.length > 0 && done(nodes)) return nodes;
      if (Date.now() > deadline) throw new Error(`cluster topology not reached in ${timeoutMs} ms: ${JSON.stringify(nodes)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  // `--cluster create` returns before every node sees every role: start from a settled cluster
  await waitForTopology(
    (view) =>
      view.length === nodes.length &&
      view.filter((n) => n.role === 'master' && n.slots > 0 && !n.failed).length === primaries &&
      view.filter((n) => n.role === 'slave' && n.primaryPort !== undefined).length === primaries * replicasPerPrimary,
  )
    // a replica that never finished its first sync refuses to fail over (its data counts as too old)
    .then(() => waitForReplicasInSync(nodes))
    // one node's view settles before the others': a client whose ready check asks a node still
    // at cluster_state:fail disconnects (doctor's no-reconnect client then never answers)
    .then(() => waitForClusterOk(nodes))
    .catch(async (error: unknown) => {
      await remove();
      throw error;
    });
  const target: RedisTarget = {
    mode: 'cluster',
    nodes: nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
    auth: { tls: false },
  };
  return { target, nodes, topology, waitForTopology, remove };
}

/** CLUSTER NODES lines: `<id> <ip:port@bus> <flags> <primary id|-> … <slot ranges>`. */
export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  const lines = text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(' '));
  const portOf = (address = '') => Number(address.split('@')[0]?.split(':')[1]);
  const portById = new Map(lines.map((f) => [f[0], portOf(f[1])]));
  return lines.map((f) => {
    const flags = (f[2] ?? '').split(',');
    const slots = f.slice(8).reduce((sum, range) => {
      const [from, to = from] = range.split('-').map(Number);
      return range.startsWith('[') ? sum : sum + (Number(to) - Number(from) + 1);
    }, 0);
    return {
      port: portOf(f[1]),
      role: flags.includes('master') ? 'master' : 'slave',
      primaryPort: f[3] === '-' ? undefined : portById.get(f[3]),
      failed: flags.includes('fail') || flags.includes('fail?'),
      slots,
    };
  });
}

/** Resolves once every node of the cluster reports cluster_state:ok in CLUSTER INFO. */
export async function waitForClusterOk(nodes: RedisProcess[], timeoutMs = 30_000): Promise<void> {
  for (const node of nodes) {
    const client = new Redis({ port: node.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await pollUntil(
        `cluster_state:ok on node ${node.port}`,
        async () => String(await client.call('CLUSTER', 'INFO')),
        (info) => info.includes('cluster_state:ok'),
        { timeoutMs, intervalMs: 100 },
      );
    } finally {
      client.disconnect();
    }
  }
}

/** Resolves once every replica among `nodes` reports master_link_status:up. */
export async function waitForReplicasInSync(nodes: RedisProcess[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const node of nodes) {
    const client = new Redis({ port: node.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      for (;;) {
        const info = await client.info('replication');
        if (info.includes('role:master') || info.includes('master_link_status:up')) break;
        if (Date.now() > deadline) throw new Error(`replica ${node.port} not in sync after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      client.disconnect();
    }
  }
}
