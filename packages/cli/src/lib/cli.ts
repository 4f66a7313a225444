// One command-line behaviour for every project command (ops tools, bench, chaos, fuzz …):
// `--help` prints the usage and exits 0; an unknown flag or a bad value prints the error and the
// usage to stderr and exits 2; a failure prints one line `<name>: <message>` (no stack trace)
// and exits with the command's failure code, or the error's own `exitCode` (./exit-codes.ts).
// Progress of long steps goes to stderr with a rate and, when the total is known, an ETA.
import { parseArgs } from 'node:util';
import { EXIT } from './exit-codes.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  default?: string | boolean;
}

export interface CommandSpec {
  /** How the user invokes it, e.g. `npm run verify --`. */
  name: string;
  summary: string;
  /** The synopsis line(s), e.g. `npm run verify -- [--json]`. */
  usage: string;
  options?: Record<string, OptionSpec>;
  allowPositionals?: boolean;
  /** Exit code → meaning, listed in the help text. */
  exitCodes?: Record<number, string>;
  /** Exit code for an unexpected error (default 1). */
  failureExitCode?: number;
}

export type ParsedValues = Record<string, string | boolean | undefined>;

export interface ParsedCommandLine {
  values: ParsedValues;
  positionals: string[];
}

/** Bad arguments found by the command itself (e.g. a date that does not parse): exit 2 with usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_USAGE = EXIT.usage;

export function helpText(spec: CommandSpec): string {
  const lines = [spec.summary, '', `usage: ${spec.usage}`];
  const options = Object.entries(spec.options ?? {});
  if (options.length > 0) {
    lines.push('', 'options:');
    const rows: [string, string][] = options.map(([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' <value>' : ''}`;
      const fallback = o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : '';
      return [flag, `${o.description}${fallback}`];
    });
    rows.push(['-h, --help', 'show this help and exit']);
    const width = Math.max(...rows.map(([flag]) => flag.length));
    for (const [flag, description] of rows) lines.push(`  ${flag.padEnd(width)}  ${description}`);
  } else {
    lines.push('', 'options:', '  -h, --help  show this help and exit');
  }
  const codes = Object.entries(spec.exitCodes ?? {});
  if (codes.length > 0) {
    lines.push('', 'exit codes:');
    for (const [code, meaning] of codes) lines.push(`  ${code}  ${meaning}`);
  }
  return `${lines.join('\n')}\n`;
}

function usageFailure(spec: CommandSpec, message: string): never {
  process.stderr.write(`${spec.name}: ${message}\n\n${helpText(spec)}`);
  process.exit(EXIT_USAGE);
}

/** Parses argv against the spec; handles --help (exit 0) and bad arguments (exit 2) itself. */
export function parseCommandLine(spec: CommandSpec, argv: string[] = process.argv.slice(2)): ParsedCommandLine {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }> = {};
  for (const [name, o] of Object.entries(spec.options ?? {})) {
    options[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
    };
  }
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: spec.allowPositionals ?? false, strict: true });
    return { values: parsed.values as ParsedValues, positionals: parsed.positionals };
  } catch (error) {
    return usageFailure(spec, error instanceof Error ? error.message : String(error));
  }
}

/** A string option as a positive number, or a UsageError naming the flag. */
export function numberOption(values: ParsedValues, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${name} must be a positive number, got "${String(raw)}"`);
  }
  return value;
}

/** The exit code an error carries itself (e.g. GroupRunningError), if any. */
function exitCodeOf(error: unknown): number | undefined {
  const code = error instanceof Error ? (error as { exitCode?: unknown }).exitCode : undefined;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Parses the command line, runs `main` and sets the exit code: a returned number is the exit
 * code; a UsageError prints the usage and exits 2; any other error prints one line and exits
 * with its own `exitCode`, else `failureExitCode` (default 1). DEBUG=1 adds the stack trace.
 */
export async function runCommand(
  spec: CommandSpec,
  main: (args: ParsedCommandLine) => Promise<number | undefined> | number | undefined,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const args = parseCommandLine(spec, argv);
  try {
    const code = await main(args);
    process.exitCode = code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) usageFailure(spec, error.message);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${spec.name}: ${message}\n`);
    if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = exitCodeOf(error) ?? spec.failureExitCode ?? 1;
  }
}

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  stream?: NodeJS.WritableStream;
  intervalMs?: number;
  now?: () => number;
}

/** "label: 12 000 / 100 000 (12 %), 5 400/s, ETA 16 s", written at most once per interval. */
export function formatProgress(label: string, count: number, elapsedMs: number, total?: number): string {
  const rate = elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
  const n = (x: number) => Math.round(x).toLocaleString('en-US').replaceAll(',', ' ');
  const parts = [`${label}: ${n(count)}`];
  if (total !== undefined && total > 0) {
    parts[0] += ` / ${n(total)} (${Math.floor((count * 100) / total)} %)`;
  }
  parts.push(`${n(rate)}/s`);
  if (total !== undefined && total > 0 && rate > 0 && count < total) {
    parts.push(`ETA ${Math.ceil((total - count) / rate)} s`);
  }
  return parts.join(', ');
}

export function createProgress(options: ProgressOptions): Progress {
  const { label, total, stream = process.stderr, intervalMs = 1000, now = Date.now } = options;
  const started = now();
  let count = 0;
  let lastPrinted = started;
  const print = () => stream.write(`${formatProgress(label, count, now() - started, total)}\n`);
  return {
    tick(n = 1) {
      count += n;
      if (now() - lastPrinted >= intervalMs) {
        lastPrinted = now();
        print();
      }
    },
    done() {
      print();
    },
  };
}
