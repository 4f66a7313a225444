import type { Logger } from '@booking/shared/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAccessSummary } from './access-summary.ts';

function capture() {
  const lines: { fields: Record<string, unknown>; msg: string }[] = [];
  const log = { info: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }) } as unknown as Logger;
  return { log, lines };
}

describe('access summary', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when webhooks are answered, then one info line per interval sums them up per source and outcome', () => {
    const { log, lines } = capture();
    const summary = createAccessSummary(log, 10_000);

    summary.note('calcom', 'accepted', 2);
    summary.note('calcom', 'accepted', 6);
    summary.note('retell', 'ignored', 1);
    expect(lines).toEqual([]);
    vi.advanceTimersByTime(10_000);

    expect(lines).toEqual([
      {
        msg: 'webhooks answered',
        fields: { webhooks: { 'calcom accepted': 2, 'retell ignored': 1 }, seconds: 10, meanMs: 3, maxMs: 6 },
      },
    ]);
    summary.stop();
  });

  it('when nothing was answered in an interval, then no line is written', () => {
    const { log, lines } = capture();
    const summary = createAccessSummary(log, 1_000);

    vi.advanceTimersByTime(5_000);
    summary.stop();

    expect(lines).toEqual([]);
  });

  it('when stopped, then what was counted since the last line is written at once', () => {
    const { log, lines } = capture();
    const summary = createAccessSummary(log, 10_000);

    summary.note('calcom', 'spooled', 4);
    summary.stop();
    vi.advanceTimersByTime(30_000);

    expect(lines.map((l) => l.fields.webhooks)).toEqual([{ 'calcom spooled': 1 }]);
  });
});
