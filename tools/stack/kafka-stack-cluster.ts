// `npm run stack:up -- --brokers 3`: the local stack's Kafka as a 3-node KRaft cluster
// (./kafka-cluster.ts) on 127.0.0.1:9092, :9094 and :9096 (controllers on the next port up),
// with its own data under .local/stack/kafka-cluster, never mixed with the single broker's.
// The single broker also listens on 9092, so one of the two runs at a time.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { findJava } from './java.ts';
import { type ClusterNodeLayout, nodeCommand, prepareClusterNodes, waitForNodeStarted } from './kafka-cluster.ts';
import { isAlive, portOpen, readPid, stackDir, startDetached, stopByPid } from './processes.ts';

export const CLUSTER_SIZE = 3;
const clusterDir = join(stackDir, 'kafka-cluster');

export const clusterNodes: ClusterNodeLayout[] = [1, 2, 3].map((id) => ({
  id,
  port: 9090 + 2 * id,
  controllerPort: 9091 + 2 * id,
  dir: join(clusterDir, `node-${id}`),
}));

const pidName = (node: ClusterNodeLayout) => `kafka-${node.id}`;

export const CLUSTER_BROKERS = clusterNodes.map((n) => `127.0.0.1:${n.port}`).join(',');

export async function kafkaClusterUp(): Promise<string[]> {
  if (isAlive(readPid('kafka'))) {
    throw new Error(
      'the single broker of this stack runs on 9092: stop it first (npm run stack:down), then stack:up -- --brokers 3',
    );
  }
  const running = clusterNodes.filter((n) => isAlive(readPid(pidName(n))));
  for (const node of clusterNodes) {
    if (!running.includes(node) && (await portOpen(node.port))) {
      throw new Error(`port ${node.port} is in use by a process this stack did not start; free it first`);
    }
  }
  const java = findJava(17);
  prepareClusterNodes(java, clusterNodes);
  // all at once: no node finishes starting before a quorum of voters is up
  return Promise.all(
    clusterNodes.map(async (node) => {
      const name = pidName(node);
      if (running.includes(node)) return `kafka ${node.id}   :${node.port}  already running (pid ${readPid(name)})`;
      writeFileSync(join(stackDir, `${name}.log`), '');
      const [command, ...args] = nodeCommand(java, node);
      const pid = startDetached(name, command as string, args);
      await waitForNodeStarted(node, () => isAlive(pid), join(stackDir, `${name}.log`));
      return `kafka ${node.id}   :${node.port}  started (pid ${pid})`;
    }),
  );
}

export async function kafkaClusterDown(): Promise<string[]> {
  return Promise.all(clusterNodes.map(async (n) => `kafka ${n.id}   ${await stopByPid(pidName(n))}`));
}

/** Whether any node of the cluster was started by this stack (and so `status` shows the cluster). */
export function kafkaClusterStarted(): boolean {
  return clusterNodes.some((n) => readPid(pidName(n)) !== undefined);
}

/** One line per node: port, up or down, pid, and the partitions it leads. */
export async function kafkaClusterStatus(): Promise<{ lines: string[]; allUp: boolean }> {
  const up = await Promise.all(clusterNodes.map((n) => portOpen(n.port)));
  const leads = up.some(Boolean) ? await leadersByNode() : new Map<number, Map<string, number[]>>();
  const lines = clusterNodes.map((node, i) => {
    const pid = readPid(pidName(node));
    const owner = isAlive(pid) ? `pid ${pid}` : up[i] ? 'not started by stack' : '';
    const led = leads.get(node.id) ?? new Map<string, number[]>();
    const count = [...led.values()].reduce((n, partitions) => n + partitions.length, 0);
    const list = [...led].map(([topic, partitions]) => `${topic}[${partitions.join(',')}]`).join(' ');
    return `kafka ${node.id}   :${node.port}  ${up[i] ? 'up  ' : 'down'}  ${owner}  leads ${count} partitions ${list}`;
  });
  return { lines, allUp: up.every(Boolean) };
}

/** node id → topic → the partitions that node leads. */
async function leadersByNode(): Promise<Map<number, Map<string, number[]>>> {
  const kafka = new Kafka({
    brokers: CLUSTER_BROKERS.split(','),
    clientId: 'stack-status',
    logLevel: logLevel.NOTHING,
    retry: { retries: 1 },
  });
  const admin = kafka.admin();
  const leads = new Map<number, Map<string, number[]>>();
  try {
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata();
    for (const topic of topics.sort((a, b) => a.name.localeCompare(b.name))) {
      for (const p of topic.partitions.sort((a, b) => a.partitionId - b.partitionId)) {
        const byTopic = leads.get(p.leader) ?? new Map<string, number[]>();
        byTopic.set(topic.name, [...(byTopic.get(topic.name) ?? []), p.partitionId]);
        leads.set(p.leader, byTopic);
      }
    }
  } catch {
    // status still lists the nodes when no metadata can be read
  } finally {
    await admin.disconnect();
  }
  return leads;
}
