// How `npm start` shows the services' output: one prefixed, coloured line per log line; on a
// terminal the JSON logs are pretty-printed (pino-pretty), piped they stay JSON.
import { prettyFactory } from 'pino-pretty';

const colors = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const reset = '\x1b[0m';

export function createServiceOutput(services: readonly string[]) {
  const pretty = process.stdout.isTTY
    ? prettyFactory({ colorize: true, singleLine: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service,name' })
    : undefined;
  const width = Math.max(...services.map((s) => s.length)) + 1;
  const prefix = (service: string) =>
    `${colors[Math.max(0, services.indexOf(service)) % colors.length]}${service.padEnd(width)}|${reset}`;
  return {
    line(service: string, line: string, stream: 'stdout' | 'stderr'): void {
      const text = pretty && line.startsWith('{') ? pretty(line).trimEnd() : line;
      (stream === 'stdout' ? process.stdout : process.stderr).write(`${prefix(service)} ${text}\n`);
    },
    note(service: string, message: string, level: 'info' | 'error'): void {
      (level === 'info' ? process.stdout : process.stderr).write(`${prefix(service)} ${message}\n`);
    },
  };
}
