// What a benchmark scenario returns and how it is shown: one row per figure, each with the
// baseline measured in the same run and the ratio between them; several runs of a scenario are
// reduced to the median and the spread (min–max) of every figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Latency {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** One measured figure. `value` is the headline: a rate (higher is better) or a latency in ms. */
export interface Row {
  figure: string;
  value: number;
  unit: string;
  better: 'higher' | 'lower';
  latency?: Latency;
  /** The same-run ceiling or floor this figure is compared with. */
  baseline?: { name: string; value: number };
  /** What the issue asks for, e.g. "≤ 25 ms" or "≥ 0.5 ×". */
  target?: string;
  /** The ratio value / baseline is what the target speaks about (default: the value). */
  targetOn?: 'value' | 'ratio';
  note?: string;
}

export const ratioOf = (row: Row): number | undefined =>
  row.baseline && row.baseline.value > 0 ? row.value / row.baseline.value : undefined;

export interface Summary {
  figure: string;
  unit: string;
  runs: number;
  median: number;
  min: number;
  max: number;
  p50?: number;
  p99?: number;
  p999?: number;
  baseline?: { name: string; median: number };
  ratio?: { median: number; min: number; max: number };
  target?: string;
  targetOn?: 'value' | 'ratio';
  note?: string;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Rows of several runs (same figures) -> one summary per figure. */
export function summarise(runs: Row[][]): Summary[] {
  const figures = [...new Set(runs.flatMap((rows) => rows.map((r) => r.figure)))];
  return figures.map((figure) => {
    const rows = runs.flatMap((r) => r.filter((row) => row.figure === figure));
    const first = rows[0] as Row;
    const values = rows.map((r) => r.value);
    const ratios = rows.map(ratioOf).filter((r): r is number => r !== undefined);
    const lat = rows.flatMap((r) => (r.latency ? [r.latency] : []));
    const baselines = rows.flatMap((r) => (r.baseline ? [r.baseline.value] : []));
    return {
      figure,
      unit: first.unit,
      runs: rows.length,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      ...(lat.length > 0
        ? { p50: median(lat.map((l) => l.p50)), p99: median(lat.map((l) => l.p99)), p999: median(lat.map((l) => l.p999)) }
        : {}),
      ...(first.baseline ? { baseline: { name: first.baseline.name, median: median(baselines) } } : {}),
      ...(ratios.length > 0 ? { ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) } } : {}),
      ...(first.target ? { target: first.target, targetOn: first.targetOn ?? 'value' } : {}),
      ...(rows.some((r) => r.note)
        ? {
            note: rows
              .map((r) => r.note)
              .filter(Boolean)
              .join('; '),
          }
        : {}),
    };
  });
}

const num = (n: number | undefined): string => {
  if (n === undefined || Number.isNaN(n)) return '—';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US').replaceAll(',', ' ');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
};

/** The table printed after a scenario: one line per figure. */
export function formatTable(title: string, summaries: Summary[]): string {
  const header = ['figure', 'median', 'spread', 'p50', 'p99', 'p99.9', 'baseline (same run)', 'ratio', 'target'];
  const lines = summaries.map((s) => [
    s.figure,
    `${num(s.median)} ${s.unit}`,
    s.runs > 1 ? `${num(s.min)}–${num(s.max)}` : '',
    num(s.p50),
    num(s.p99),
    num(s.p999),
    s.baseline ? `${s.baseline.name}: ${num(s.baseline.median)}` : '—',
    s.ratio ? `${s.ratio.median.toFixed(2)}${s.runs > 1 ? ` (${s.ratio.min.toFixed(2)}–${s.ratio.max.toFixed(2)})` : ''}` : '—',
    s.target ? `${s.target}${s.targetOn === 'ratio' ? ' (ratio)' : ''}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const row = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const notes = summaries.filter((s) => s.note).map((s) => `  ${s.figure.trim()}: ${s.note}`);
  return [
    `\n${title}`,
    row(header),
    row(widths.map((w) => '-'.repeat(w))),
    ...lines.map(row),
    ...(notes.length ? ['notes (last run):', ...notes] : []),
  ].join('\n');
}

export function machine() {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Writes tools/bench/results/<scenario>-<timestamp>.json and returns its path. */
export function writeResults(dir: string, scenario: string, content: object): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, `${scenario}-${stamp}.json`);
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}
