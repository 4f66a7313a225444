// A command run on a pseudo-terminal (util-linux `script`), as `docker run -it`, `docker compose
// run` and `kubectl exec -it` run it: stdout is a TTY. SIGTERM to `script` reaches the command.
import { type ChildProcess, spawn } from 'node:child_process';

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
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`exited with ${exitCode} before ${url} answered 200:\n${process.output()}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${process.output()}`);
}
