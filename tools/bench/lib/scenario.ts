// The contract of a benchmark scenario: one file tools/bench/scenarios/<name>.ts default-exporting
// defineScenario({...}) is all it takes to add one (`npm run bench -- <name>` finds it).
import type { OptionSpec, ParsedValues } from '../../../packages/cli/src/lib/cli.ts';
import type { Arrivals } from './load.ts';
import type { Row } from './report.ts';

export interface BenchContext {
  /** offered load (per second) and measured window (seconds): --rate / --duration or the defaults */
  rate: number;
  seconds: number;
  /** every parsed command-line value, including the scenario's own options */
  values: ParsedValues;
  /** open-loop arrivals: Poisson (default) or evenly spaced (--arrivals even) */
  arrivals: Arrivals;
  /** set with --profile <dir>: services run under `node --cpu-prof` writing there */
  profileDir?: string;
  /** progress line on stderr */
  log(line: string): void;
}

export interface Scenario {
  summary: string;
  /** --rate / --duration when not given; scenarios without load (backlogs) leave it out */
  defaults?: { rate: number; duration: number };
  /** extra flags of this scenario (names must not clash with other scenarios') */
  options?: Record<string, OptionSpec>;
  /** `all` runs it unless false */
  inAll?: boolean;
  run(ctx: BenchContext): Promise<Row[]>;
}

export const defineScenario = (scenario: Scenario): Scenario => scenario;

/** A numeric scenario option (string flag), or its default. */
export function intOption(values: ParsedValues, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${String(raw)}"`);
  return n;
}
