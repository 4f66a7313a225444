// How `npm start` shows the services' output: one prefixed line per log line, the prefix
// coloured on a terminal; on a terminal the JSON logs are pretty-printed (pino-pretty), piped
// they stay JSON. No colour codes when piped or when NO_COLOR is set (https://no-color.org).
import { prettyFactory } from 'pino-pretty';

const colors = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const reset = '\x1b[0m';

export interface OutputStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

/** Colour only for a terminal, and never when NO_COLOR is set to anything but "". */
export const useColor = (stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean =>
  stream.isTTY === true && !env.NO_COLOR;

export function createServiceOutput(
  services: readonly string[],
  { stdout, stderr, env }: OutputStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env },
) {
  const color = useColor(stdout, env);
  const pretty = stdout.isTTY
    ? prettyFactory({ colorize: color, singleLine: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service,name' })
    : undefined;
  const width = Math.max(...services.map((s) => s.length)) + 1;
  const prefix = (service: string) => {
    const label = `${service.padEnd(width)}|`;
    return color ? `${colors[Math.max(0, services.indexOf(service)) % colors.length]}${label}${reset}` : label;
  };
  return {
    line(service: string, line: string, stream: 'stdout' | 'stderr'): void {
      const text = pretty && line.startsWith('{') ? pretty(line).trimEnd() : line;
      (stream === 'stdout' ? stdout : stderr).write(`${prefix(service)} ${text}\n`);
    },
    note(service: string, message: string, level: 'info' | 'error'): void {
      (level === 'info' ? stdout : stderr).write(`${prefix(service)} ${message}\n`);
    },
  };
}
