import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatProgress, helpText, numberOption, UsageError } from './cli.ts';

const spec = {
  name: 'npm run verify --',
  summary: 'Compares the database with the topics.',
  usage: 'npm run verify -- [--json]',
  options: {
    json: { type: 'boolean' as const, description: 'print a JSON report' },
    rate: { type: 'string' as const, short: 'r', description: 'records per second', default: '500' },
  },
  exitCodes: { 0: 'clean', 1: 'differences found', 2: 'could not check' },
};

describe('helpText', () => {
  it('when a command has options and exit codes, then the help lists each flag, its default and each code', () => {
    const text = helpText(spec);
    expect(text).toContain('usage: npm run verify -- [--json]');
    expect(text).toMatch(/--json\s+print a JSON report/);
    expect(text).toMatch(/-r, --rate <value>\s+records per second \(default: 500\)/);
    expect(text).toMatch(/-h, --help/);
    expect(text).toMatch(/1 {2}differences found/);
  });
});

describe('numberOption', () => {
  it('when the value is a positive number, then it is returned as a number', () => {
    expect(numberOption({ rate: '250' }, 'rate')).toBe(250);
    expect(numberOption({}, 'rate')).toBeUndefined();
  });

  it('when the value is not a positive number, then a UsageError names the flag', () => {
    for (const bad of ['abc', '-3', '0', '']) {
      expect(() => numberOption({ rate: bad }, 'rate')).toThrow(UsageError);
      expect(() => numberOption({ rate: bad }, 'rate')).toThrow(/--rate/);
    }
  });
});

describe('progress', () => {
  it('when the total is known, then the line gives count, percentage, rate and ETA', () => {
    expect(formatProgress('rebuild', 12_000, 2_000, 100_000)).toBe('rebuild: 12 000 / 100 000 (12 %), 6 000/s, ETA 15 s');
  });

  it('when the total is unknown, then the line gives count and rate only', () => {
    expect(formatProgress('scan', 500, 1_000)).toBe('scan: 500, 500/s');
  });

  it('when ticks come faster than the interval, then at most one line per interval is written, plus one at the end', () => {
    let clock = 0;
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const progress = createProgress({ label: 'x', total: 10, stream, intervalMs: 1000, now: () => clock });
    for (let i = 0; i < 10; i++) {
      clock += 250;
      progress.tick();
    }
    progress.done();
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toBe('x: 10 / 10 (100 %), 4/s\n');
  });
});
