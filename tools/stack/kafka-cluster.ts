// A Kafka 4 cluster of several KRaft nodes from the same Maven jars as the single broker: each node
// is broker and controller, every node a voter (3 nodes: a quorum that survives one loss), the
// internal topics replicated to every node (at most 3) with min.insync.replicas 2, as managed
// Kafka runs them. Small heaps, so that three fit beside everything else on a small machine.
//
// `createScratchKafkaCluster` runs the nodes as children of the calling process (tests, chaos);
// the user-facing `stack:up --brokers 3` runs the same properties detached (./kafka-stack-cluster.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findJava } from './java.ts';
import { fetchJars, jvmArgs } from './kafka.ts';
import { portOpen, run, waitFor } from './processes.ts';

export interface ClusterNodeLayout {
  id: number;
  port: number;
  controllerPort: number;
  /** Holds data/, server.properties and kafka.log of this node. */
  dir: string;
  /** Extra broker settings (key → value), e.g. a faster preferred-leader election for a test. */
  overrides?: Record<string, string>;
}

export const CLUSTER_HEAP = { min: '128m', max: '256m' };

export function clusterNodeProperties(node: ClusterNodeLayout, all: ClusterNodeLayout[]): string {
  const replicas = Math.min(3, all.length);
  const minIsr = Math.min(2, replicas);
  const voters = all.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${join(node.dir, 'data')}`,
    'num.partitions=1',
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${minIsr}`,
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=6',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minIsr}`,
    'transaction.state.log.num.partitions=3',
    `share.coordinator.state.topic.replication.factor=${replicas}`,
    `share.coordinator.state.topic.min.isr=${minIsr}`,
    'share.coordinator.state.topic.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=2',
    'num.replica.fetchers=1',
    'num.recovery.threads.per.data.dir=1',
    'log.cleaner.backoff.ms=5000',
    ...Object.entries(node.overrides ?? {}).map(([key, value]) => `${key}=${value}`),
    '',
  ].join('\n');
}

/** Writes each node's properties and formats the storage of those not formatted yet (one cluster id). */
export function prepareClusterNodes(java: string, nodes: ClusterNodeLayout[]): void {
  fetchJars();
  let clusterId: string | undefined;
  for (const node of nodes) {
    mkdirSync(join(node.dir, 'data'), { recursive: true });
    writeFileSync(join(node.dir, 'server.properties'), clusterNodeProperties(node, nodes));
  }
  for (const node of nodes) {
    if (existsSync(join(node.dir, 'data', 'meta.properties'))) continue;
    clusterId ??=
      existingClusterId(nodes) ??
      run(java, [...jvmArgs(node.dir, CLUSTER_HEAP), 'kafka.tools.StorageTool', 'random-uuid']).trim();
    const props = join(node.dir, 'server.properties');
    run(java, [
      ...jvmArgs(node.dir, CLUSTER_HEAP),
      'kafka.tools.StorageTool',
      'format',
      '--ignore-formatted',
      '-t',
      clusterId,
      '-c',
      props,
    ]);
  }
}

function existingClusterId(nodes: ClusterNodeLayout[]): string | undefined {
  for (const node of nodes) {
    const meta = join(node.dir, 'data', 'meta.properties');
    if (existsSync(meta)) return /cluster\.id=(.+)/.exec(readFileSync(meta, 'utf8'))?.[1]?.trim();
  }
  return undefined;
}

export function nodeCommand(java: string, node: ClusterNodeLayout): string[] {
  return [java, ...jvmArgs(node.dir, CLUSTER_HEAP), 'kafka.Kafka', join(node.dir, 'server.properties')];
}

export function nodeLog(node: ClusterNodeLayout): string {
  return join(node.dir, 'kafka.log');
}

export async function waitForNodeStarted(
  node: ClusterNodeLayout,
  alive: () => boolean,
  log = nodeLog(node),
  // 3 JVMs starting at once on a loaded 2-core machine (load average 40 seen) took over 120 s
  timeoutMs = 300_000,
): Promise<void> {
  await waitFor(
    `kafka node ${node.id} on ${node.port}`,
    async () => readFileSync(log, 'utf8').includes('Kafka Server started') && (await portOpen(node.port)),
    timeoutMs,
    alive,
  );
}

export interface ScratchClusterNode {
  id: number;
  /** host:port of this node's broker listener. */
  broker: string;
  /** The node's KRaft metadata log (quorum-state names the active controller). */
  metadataDir: string;
  pid(): number | undefined;
  running(): boolean;
  /** Starts the node (again, on its data) and resolves once it has joined the cluster. */
  start(): Promise<void>;
  /**
   * SIGTERM (controlled shutdown: leaders move first) or SIGKILL, and waits for the exit; with
   * `killAfterMs`, a node still running that long after the signal is SIGKILLed.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL', killAfterMs?: number): Promise<void>;
  /** Sends a signal without waiting (SIGSTOP/SIGCONT to pause and resume). */
  signal(signal: NodeJS.Signals): void;
}

export interface ScratchKafkaCluster {
  brokers: string[];
  nodes: ScratchClusterNode[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A controlled shutdown that the quorum approves takes 1-3 s; one left without a quorum, minutes. */
const WHOLE_CLUSTER_GRACE_MS = 20_000;

export function createScratchKafkaCluster(layouts: ClusterNodeLayout[]): ScratchKafkaCluster {
  const java = findJava(17);
  const nodes = layouts.map((layout) => createScratchNode(java, layout));
  return {
    brokers: nodes.map((n) => n.broker),
    nodes,
    async start() {
      prepareClusterNodes(java, layouts);
      // all at once: no node finishes starting before a quorum of voters is up
      await Promise.all(nodes.map((n) => n.start()));
    },
    async stop() {
      // Every node at once cannot be stopped fully gracefully. A KRaft broker's controlled
      // shutdown waits for the controller quorum to approve it, for up to 5 minutes
      // (BrokerServer.shutdown); once two of three nodes have exited, the last one has no quorum
      // left to ask. Whether that happens depends on which node exits first, so the 3-broker
      // test file's afterAll sometimes hung past its 120 s (a red clean-clone CI run).
      await Promise.all(nodes.map((n) => n.stop('SIGTERM', WHOLE_CLUSTER_GRACE_MS)));
    },
  };
}

function createScratchNode(java: string, layout: ClusterNodeLayout): ScratchClusterNode {
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    id: layout.id,
    broker: `127.0.0.1:${layout.port}`,
    metadataDir: join(layout.dir, 'data', '__cluster_metadata-0'),
    pid: () => (running() ? child?.pid : undefined),
    running,
    async start() {
      if (running()) return;
      writeFileSync(nodeLog(layout), '');
      const out = openSync(nodeLog(layout), 'a');
      const [command, ...args] = nodeCommand(java, layout);
      // Own session, so its own CPU autogroup (Linux CFS): a JVM starting runs dozens of threads,
      // and in the caller's group they took the CPU from the chaos suite's load generator, which
      // stalled up to 4 s whenever a node started and counted that in the answers it timed (#20)
      const started = spawn(command as string, args, { stdio: ['ignore', out, out], detached: true });
      closeSync(out);
      child = started;
      process.once('exit', killOnExit);
      await waitForNodeStarted(layout, () => started.exitCode === null && started.signalCode === null);
    },
    async stop(signal = 'SIGTERM', killAfterMs) {
      const current = child;
      if (!current || !running()) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGCONT'); // a paused node cannot act on SIGTERM
      current.kill(signal);
      const kill = killAfterMs === undefined ? undefined : setTimeout(() => current.kill('SIGKILL'), killAfterMs);
      await exited;
      clearTimeout(kill);
      process.off('exit', killOnExit);
    },
    signal(signal) {
      if (running()) child?.kill(signal);
    },
  };
}
