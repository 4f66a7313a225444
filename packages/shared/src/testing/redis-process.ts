// One redis-server (or Sentinel) child process for a test: its own directory, free ports, started
// and awaited on its "ready" log line (never a timer), killable by pid and restartable with the
// same configuration, which is what a supervisor does after a crash. Never the shared Redis.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RedisProcess {
  readonly port: number;
  /** The pid of the running process (undefined after kill until restart). */
  pid(): number | undefined;
  /** SIGKILL by pid: the crash a failover has to survive. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again with the same configuration and directory; resolves when it is ready. */
  restart(): Promise<void>;
}

const READY = /Ready to accept connections|\+monitor master/;
const running = new Set<ChildProcess>();
// a crashed or terminated test worker must not leave Redis processes behind ('exit' does not
// run on a signal, so the usual ones are handled too and then re-raised)
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.once('exit', killAll);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

/** Starts redis-server with the given config lines in `dir`; `sentinel` runs it as a Sentinel. */
export async function startRedisProcess(options: {
  dir: string;
  port: number;
  config: string[];
  sentinel?: boolean;
}): Promise<RedisProcess> {
  const configFile = join(options.dir, `redis-${options.port}.conf`);
  const persistence = options.sentinel ? [] : ['save ""', 'appendonly no'];
  const base = [`port ${options.port}`, 'bind 127.0.0.1', `dir ${options.dir}`, ...persistence];
  writeFileSync(configFile, `${[...base, ...options.config].join('\n')}\n`);
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      // Sentinel is a mode of redis-server itself (Debian's redis-sentinel is a link to it)
      const next = spawn('redis-server', options.sentinel ? [configFile, '--sentinel'] : [configFile], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = next;
      running.add(next);
      let log = '';
      const onData = (chunk: Buffer) => {
        log += chunk.toString('utf8');
        if (READY.test(log)) resolve();
        if (log.length > 20_000) log = log.slice(-10_000);
      };
      next.stdout?.on('data', onData);
      next.stderr?.on('data', onData);
      next.once('error', reject);
      next.once('exit', (code, signal) => {
        running.delete(next);
        reject(new Error(`redis-server on ${options.port} exited (${code ?? signal}) before it was ready:\n${log.slice(-2000)}`));
      });
    });

  await start();
  return {
    port: options.port,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async kill() {
      const target = child;
      if (!target || target.exitCode !== null || target.signalCode !== null) return;
      const exited = new Promise((resolve) => target.once('exit', resolve));
      target.kill('SIGKILL');
      await exited;
    },
    restart: start,
  };
}
