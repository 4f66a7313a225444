// Preload (`node --import`) that records what stops a process: GC pauses of 5 ms or more (kind,
// duration) and event-loop stalls (a 5 ms timer late by 40 ms or more), in epoch ms, written at
// exit to $BENCH_STALL_TRACE/stalls-<script>-<pid>.json. The bench loads it into every service
// and into itself when BENCH_STALL_TRACE is set, so that the slowest requests of a run (their
// send times are in its notes) can be laid next to each process's pauses.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const dir = process.env.BENCH_STALL_TRACE;
if (dir) {
  const origin = performance.timeOrigin;
  const kinds: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
  const gcs: { at: number; ms: number; kind: string }[] = [];
  const stalls: { at: number; lateMs: number }[] = [];
  let gcTotalMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcTotalMs += entry.duration;
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
      if (entry.duration >= 5)
        gcs.push({ at: Math.round(origin + entry.startTime), ms: +entry.duration.toFixed(1), kind: kinds[kind] ?? String(kind) });
    }
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - 5;
    if (late >= 40) stalls.push({ at: Math.round(origin + last), lateMs: Math.round(late) });
    last = now;
  }, 5).unref();
  process.on('exit', () => {
    const name = basename(process.argv[1] ?? 'node', '.ts');
    const file = join(dir, `stalls-${name}-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ argv: process.argv.slice(1), gcTotalMs: Math.round(gcTotalMs), gcs, stalls }));
  });
}
