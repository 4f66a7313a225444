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

export async function startScratchKafkaCluster(
  label: string,
  options: { size?: number; overrides?: Record<string, string> } = {},
): Promise<StartedScratchKafkaCluster> {
  const size = options.size ?? 3;
  const dir = mkdtempSync(join(tmpdir(), `${label}-scratch-cluster-`));
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
  const cluster = createScratchKafkaCluster(layouts);
  const remove = async () => {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await cluster.start();
  } catch (error) {
    await remove();
    throw error;
  }
  return { ...cluster, remove };
}
