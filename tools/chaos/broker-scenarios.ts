// The multi-broker faults (`npm run chaos -- --brokers 3`), as managed Kafka causes them on a
// 3-node cluster (RF 3, min.insync.replicas 2): a broker crash, the rolling restart of every
// upgrade, the active controller lost, and a broker that stops answering past the session
// timeouts. Every heal waits until each partition has its full ISR again.
import type { ScratchClusterNode } from '../stack/kafka-cluster.ts';
import type { ChaosPipeline } from './chaos-pipeline.ts';
import { activeController, fullIsr, leaderOfMost } from './cluster-state.ts';
import { SOURCE_TOPICS, until } from './observe.ts';
import type { Scenario } from './scenarios.ts';

function nodeOf(p: ChaosPipeline, id: number): ScratchClusterNode {
  const node = p.cluster?.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`the pipeline has no broker ${id} (run with --brokers 3)`);
  return node;
}

async function isrRecovered(p: ChaosPipeline): Promise<void> {
  if (!(await until(() => fullIsr(p.client), 180_000, 500))) throw new Error('the ISR did not recover within 180 s');
  p.note('every ISR full');
}

async function stopNode(p: ChaosPipeline, id: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  p.note(`broker ${id}: ${signal}`);
  await nodeOf(p, id).stop(signal);
  p.note(`broker ${id}: exited`);
}

async function startNode(p: ChaosPipeline, id: number): Promise<void> {
  p.note(`broker ${id}: starting`);
  await nodeOf(p, id).start();
  p.note(`broker ${id}: started`);
}

function killAndRestart(name: string, describe: string, pick: (p: ChaosPipeline) => Promise<number>): Scenario {
  let victim = -1;
  return {
    name,
    describe,
    async inject(p) {
      victim = await pick(p);
      await stopNode(p, victim, 'SIGKILL');
    },
    async heal(p) {
      await startNode(p, victim);
      await isrRecovered(p);
    },
  };
}

let paused = -1;

export const BROKER_SCENARIOS: Scenario[] = [
  killAndRestart('leader-kill', 'SIGKILL to the broker leading the most source partitions, started again after the hold', (p) =>
    leaderOfMost(p.client, SOURCE_TOPICS),
  ),
  {
    name: 'rolling-restart',
    describe: 'each broker in turn: SIGTERM (controlled shutdown), started again, the next once every ISR is full',
    async inject(p) {
      for (const node of p.cluster?.nodes ?? []) {
        await stopNode(p, node.id, 'SIGTERM');
        await startNode(p, node.id);
        await isrRecovered(p);
      }
    },
    heal: async () => undefined,
  },
  killAndRestart(
    'controller-kill',
    'SIGKILL to the active KRaft controller (a broker too), started again after the hold',
    async (p) => activeController(p.cluster?.nodes ?? []),
  ),
  {
    name: 'broker-pause',
    describe: 'SIGSTOP to the broker leading the most source partitions past the session timeouts, then SIGCONT',
    async inject(p) {
      paused = await leaderOfMost(p.client, SOURCE_TOPICS);
      p.note(`broker ${paused}: SIGSTOP`);
      nodeOf(p, paused).signal('SIGSTOP');
    },
    async heal(p) {
      p.note(`broker ${paused}: SIGCONT`);
      nodeOf(p, paused).signal('SIGCONT');
      await isrRecovered(p);
    },
    // past the broker's session (9 s: fenced, leaders move) and the consumers' (10 s)
    minHoldMs: 15_000,
  },
];

export const BROKER_SCENARIO_NAMES = BROKER_SCENARIOS.map((s) => s.name);
