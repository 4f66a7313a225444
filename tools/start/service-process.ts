// Spawns one pipeline service the way `npm start` runs it: `node services/<name>/src/main.ts`,
// in its own process group, with the orphan guard loaded, and its output either delivered line
// by line (to prefix and pretty-print it for a person watching) or, without a sink, written by
// the service straight to the supervisor's stdout and stderr: then the supervisor is not in the
// data path at all (issue #19: reading, prefixing and writing every log line again cost the
// ingest's tail at 500/s).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const root = join(import.meta.dirname, '..', '..');
export const SERVICES = ['ingest', 'booker', 'cache-invalidator'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function serviceMain(service: string): string {
  return join(root, 'services', service, 'src', 'main.ts');
}

export type LineSink = (line: string, stream: 'stdout' | 'stderr') => void;

export function spawnService(
  service: string,
  env: NodeJS.ProcessEnv,
  onLine: LineSink | undefined,
  main = serviceMain(service),
): ChildProcess {
  const child = spawn(process.execPath, ['--import', join(import.meta.dirname, 'orphan-guard.ts'), main], {
    cwd: root,
    stdio: ['ignore', onLine ? 'pipe' : 'inherit', onLine ? 'pipe' : 'inherit'],
    env,
    // Own process group: a terminal's Ctrl-C reaches only the supervisor, which then sends each
    // service one SIGTERM. Sent both, a service takes the second signal as "exit now" and skips
    // its graceful shutdown.
    detached: true,
  });
  if (!onLine) return child;
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => onLine(line, 'stdout'));
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => onLine(line, 'stderr'));
  return child;
}
