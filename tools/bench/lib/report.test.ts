import { describe, expect, it } from 'vitest';
import { formatTable, type Row, ratioOf, summarise } from './report.ts';

const row = (value: number, baseline: number): Row => ({
  figure: 'ingest saturation',
  value,
  unit: 'req/s',
  better: 'higher',
  baseline: { name: 'bare HTTP', value: baseline },
  target: '≥ 0.7',
  targetOn: 'ratio',
});

describe('bench report', () => {
  it('when a figure has a same-run baseline, then its ratio is value / baseline', () => {
    expect(ratioOf(row(1500, 3000))).toBe(0.5);
    expect(ratioOf({ ...row(1, 1), baseline: undefined })).toBeUndefined();
  });

  it('when a scenario ran three times, then each figure shows the median and the spread of the values and of the ratios', () => {
    const [summary] = summarise([[row(1000, 4000)], [row(1800, 3000)], [row(1200, 2000)]]);
    expect(summary).toMatchObject({ runs: 3, median: 1200, min: 1000, max: 1800 });
    expect(summary?.ratio).toEqual({ median: 0.6, min: 0.25, max: 0.6 });
    expect(summary?.baseline).toEqual({ name: 'bare HTTP', median: 3000 });
  });

  it('when the table is printed, then every figure shows its baseline, ratio and target', () => {
    const table = formatTable('ingest', summarise([[row(1500, 3000)]]));
    expect(table).toContain('ingest saturation');
    expect(table).toContain('bare HTTP: 3 000');
    expect(table).toContain('0.50');
    expect(table).toContain('≥ 0.7 (ratio)');
  });
});
