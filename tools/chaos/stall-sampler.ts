// Samples, once a second while a scenario runs, what tells a slow answer caused by the pipeline
// from one caused by the machine: the event-loop delay of this process (the load generator) and
// of the ingest, the ingest's spool, and the kernel's CPU and I/O pressure (Linux PSI). Kept in
// the --record file next to the ledger.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface StallSample {
  at: number;
  /** Longest event-loop delay of the chaos main thread (proxies, polling, logs) in the last second, ms. */
  loadLoopMs: number;
  /** The ingest's nodejs_eventloop_lag_max_seconds (since its last scrape), ms. */
  ingestLoopMs?: number;
  ingestSpoolBytes?: number;
  /** "some avg10" of /proc/pressure/cpu and /io: share of time a task waited. */
  cpuPressure?: number;
  ioPressure?: number;
}

const pressure = (kind: 'cpu' | 'io') => {
  try {
    return Number(/some avg10=([\d.]+)/.exec(readFileSync(`/proc/pressure/${kind}`, 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
};

const metric = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

export function sampleStalls(ingestUrl: string): { stop(): StallSample[] } {
  const samples: StallSample[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const timer = setInterval(async () => {
    const sample: StallSample = {
      at: Date.now(),
      loadLoopMs: Math.round(loop.max / 1e6),
      cpuPressure: pressure('cpu'),
      ioPressure: pressure('io'),
    };
    loop.reset();
    samples.push(sample);
    const text = await fetch(`${ingestUrl}/metrics`, { signal: AbortSignal.timeout(900) }).then(
      (r) => r.text(),
      () => '',
    );
    const lag = metric(text, 'nodejs_eventloop_lag_max_seconds');
    sample.ingestLoopMs = lag === undefined ? undefined : Math.round(lag * 1000);
    sample.ingestSpoolBytes = metric(text, 'ingest_spool_bytes');
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      loop.disable();
      return samples;
    },
  };
}
