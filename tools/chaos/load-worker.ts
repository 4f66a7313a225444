// The load generator on a thread of its own (./load.ts runLoadInWorker). On the chaos process's
// main thread the answers were timed by an event loop that also runs the TCP proxies of MariaDB
// and Redis, the services' log lines, the cluster and lag polling: it stalled 0.4-0.9 s every
// second under load (#20 runs), and each stall was added to the answer times it measured.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { type LoadOptions, runLoad } from './load.ts';
import type { Send } from './plan.ts';

const { options, sends } = workerData as { options: LoadOptions; sends: Send[] };
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const loopMaxMs: { at: number; ms: number }[] = [];
const timer = setInterval(() => {
  loopMaxMs.push({ at: Date.now(), ms: Math.round(loop.max / 1e6) });
  loop.reset();
}, 1000);
const ledger = await runLoad(options, sends, (index) => parentPort?.postMessage({ sent: index }));
clearInterval(timer);
parentPort?.postMessage({ ledger, loopMaxMs });
