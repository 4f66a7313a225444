// Services under test run in their own processes (as in production), each optionally under
// `node --cpu-prof`; stopped by SIGTERM so that they shut down gracefully and write the profile.
import { type ChildProcess, spawn } from 'node:child_process';

export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** a .ts entry point, or `-e` source */
  entry: string | { source: string };
  env: Record<string, string>;
  port: number;
  /** directory for `--cpu-prof` output, if profiling */
  profileDir?: string;
  /** path answering 2xx once the service is ready (default /readyz) */
  readyPath?: string;
}

export async function spawnService(options: SpawnOptions): Promise<Service> {
  const profile = options.profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${options.name}.cpuprofile`]
    : [];
  const args = typeof options.entry === 'string' ? [options.entry] : ['-e', options.entry.source];
  // BENCH_STALL_TRACE=DIR: every service records its GC pauses and event-loop stalls (./stall-trace.ts)
  const trace = process.env.BENCH_STALL_TRACE ? ['--import', new URL('./stall-trace.ts', import.meta.url).pathname] : [];
  const child = spawn(process.execPath, [...process.execArgv, ...trace, ...profile, ...args], {
    env: { ...process.env, LOG_LEVEL: process.env.BENCH_SERVICE_LOG ?? 'info', ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${options.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitReady(`${url}${options.readyPath ?? '/readyz'}`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: options.name, url, child, stop };
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready within 90 s`);
}
