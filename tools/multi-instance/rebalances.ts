// The rebalances of a multi-instance run, spread over the load: booker-b stops (graceful
// SIGTERM: it leaves the group, its partitions move to booker-a) and starts again (they move
// back), and cache-invalidator-a does the same, overlapping. Returns what happened, in order.
import { type Instance, startInstance, stopInstance, waitReady } from './fleet.ts';

interface Step {
  at: number;
  action: 'stop' | 'start';
}

/** One chain per instance, run side by side, so that a slow start does not delay the other's stop. */
const CHAINS: Record<string, Step[]> = {
  'booker-b': [
    { at: 0.2, action: 'stop' },
    { at: 0.45, action: 'start' },
  ],
  'cache-invalidator-a': [
    { at: 0.3, action: 'stop' },
    { at: 0.55, action: 'start' },
  ],
};

async function runChain(
  instance: Instance,
  steps: Step[],
  started: number,
  loadMs: number,
  onLine: (name: string, line: string) => void,
) {
  const events: { at: number; text: string }[] = [];
  const seconds = () => (Date.now() - started) / 1000;
  for (const step of steps) {
    const wait = started + step.at * loadMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = seconds();
    if (step.action === 'stop') {
      const code = await stopInstance(instance);
      events.push({ at, text: `t=${at.toFixed(1)} s: ${instance.name} stopped (SIGTERM, exit ${code}), its group rebalances` });
    } else {
      startInstance(instance, onLine);
      await waitReady(instance);
      events.push({
        at,
        text: `t=${at.toFixed(1)} s: ${instance.name} started again (ready ${(seconds() - at).toFixed(1)} s later), its group rebalances`,
      });
    }
  }
  return events;
}

export async function runRebalances(
  fleet: Instance[],
  loadMs: number,
  onLine: (name: string, line: string) => void,
): Promise<string[]> {
  const started = Date.now();
  const chains = Object.entries(CHAINS).map(([name, steps]) => {
    const instance = fleet.find((i) => i.name === name);
    if (!instance) throw new Error(`no instance ${name}`);
    return runChain(instance, steps, started, loadMs, onLine);
  });
  return (await Promise.all(chains))
    .flat()
    .sort((a, b) => a.at - b.at)
    .map((e) => e.text);
}
