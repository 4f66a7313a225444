// A command run on a pseudo-terminal (util-linux `script`), as `docker run -it`, `docker compose
// run` and `kubectl exec -it` run it: stdout is a TTY. SIGTERM to `script` reaches the command.
import { type ChildProcess, spawn } from 'node:child_process';
import { pollUntil } from '@booking/shared/testing';

export interface TerminalProcess {
  output(): string;
  /** Resolves with the exit code once the command has exited. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export function runOnTerminal(command: string, options: { cwd: string; env: NodeJS.ProcessEnv }): TerminalProcess {
  // -q quiet, -f flush each write, -e exit with the command's code, -c the command.
  const child: ChildProcess = spawn('script', ['-qfec', command, '/dev/null'], { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls `url` until it answers 200; fails with the process output if the process exits first. */
export async function waitUntilOk(url: string, process: TerminalProcess, timeoutMs = 45_000): Promise<void> {
  let exitCode: number | null | undefined;
  void process.exited.then((code) => {
    exitCode = code;
  });
  const status = await pollUntil(
    `${url} answering 200`,
    async () => (exitCode === undefined ? (await fetch(url, { signal: AbortSignal.timeout(1000) })).status : 'exited'),
    (seen) => seen === 200 || seen === 'exited',
    { timeoutMs, intervalMs: 200, detail: () => process.output() },
  );
  if (status === 'exited') throw new Error(`exited with ${exitCode} before ${url} answered 200:\n${process.output()}`);
}
