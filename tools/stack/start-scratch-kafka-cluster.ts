// A throw-away Kafka cluster (3 KRaft nodes by default) for one test file or chaos run:
// temporary directory, free ports, started; remove() stops every node and deletes the directory.
// Each node can be stopped, killed, paused and restarted on its own (cluster.nodes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@booking/shared/testing';
import { type ClusterNodeLayout, createScratchKafkaCluster, type ScratchKafkaCluster } from './kafka-cluster.ts';

export interface StartedScratchKafkaCluster extends ScratchKafkaCluster {
  /** Stops every node (if running) and deletes the cluster's directory. */
  remove(): Promise<void>;
}

export interface ScratchKafkaClusterOptions {
  size?: number;
  overrides?: Record<string, string>;
}

/**
 * A cluster that can be removed before it has started: `remove()` stops the nodes that are still
 * starting. For a test's beforeAll, whose time-out abandons the start without awaiting it —
 * `await startScratchKafkaCluster()` there left three JVMs running (the test never got the
 * cluster to remove) until the worker exited.
 */
export function scratchKafkaCluster(
  label: string,
  options: ScratchKafkaClusterOptions = {},
): { ready: Promise<StartedScratchKafkaCluster>; remove(): Promise<void> } {
  const size = options.size ?? 3;
  const dir = mkdtempSync(join(tmpdir(), `${label}-scratch-cluster-`));
  let cluster: ScratchKafkaCluster | undefined;
  let removed = false;
  const remove = async () => {
    removed = true;
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const ready = (async () => {
    const ports = new Set<number>();
    while (ports.size < 2 * size) ports.add(await freePort());
    const [...free] = ports;
    const layouts: ClusterNodeLayout[] = [];
    for (let id = 1; id <= size; id++) {
      layouts.push({
        id,
        port: free[2 * id - 2] as number,
        controllerPort: free[2 * id - 1] as number,
        dir: join(dir, `node-${id}`),
        overrides: options.overrides,
      });
    }
    if (removed) throw new Error(`scratch cluster ${label} removed before it started`);
    cluster = createScratchKafkaCluster(layouts);
    try {
      await cluster.start();
    } catch (error) {
      await remove();
      throw error;
    }
    return { ...cluster, remove };
  })();
  // nobody may await it any more (a timed-out beforeAll); its failure is remove()'s to clean up
  ready.catch(() => undefined);
  return { ready, remove };
}

export async function startScratchKafkaCluster(
  label: string,
  options: ScratchKafkaClusterOptions = {},
): Promise<StartedScratchKafkaCluster> {
  return scratchKafkaCluster(label, options).ready;
}
