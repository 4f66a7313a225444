import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createConsumerLag, lagOf, revoked } from './consumer-lag.ts';

describe('consumer lag', () => {
  it('when the watermark was read before the commit, then the lag is 0, never negative', () => {
    expect([lagOf('10', '4'), lagOf('10', '10'), lagOf('10', '12')]).toEqual([6, 0, 0]);
  });

  it('when a rebalance takes partitions away, then exactly those are revoked', () => {
    const reported = [
      { topic: 'a', partition: 0 },
      { topic: 'a', partition: 1 },
      { topic: 'b', partition: 0 },
    ];

    expect(revoked(reported, { a: [1] })).toEqual([
      { topic: 'a', partition: 0 },
      { topic: 'b', partition: 0 },
    ]);
  });

  it('when a partition is revoked, then its series disappears from the gauge and the kept one stays', async () => {
    const registry = new Registry();
    const gauge = new Gauge({ name: 'lag', help: 'h', labelNames: ['topic', 'partition', 'group'], registers: [registry] });
    const lag = createConsumerLag('g', gauge);

    lag.set('a', 0, '10', '4');
    lag.set('a', 1, '5', '5');
    lag.keepOnly({ a: [1] });

    const text = await registry.metrics();
    expect(text).not.toContain('partition="0"');
    expect(text).toContain('lag{topic="a",partition="1",group="g"} 0');
  });
});
