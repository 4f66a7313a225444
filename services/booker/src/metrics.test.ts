import { createMetricsRegistry } from '@booking/shared/metrics';
import { describe, expect, it } from 'vitest';
import { createBookerMetrics } from './metrics.ts';

describe('createBookerMetrics', () => {
  it('when the booker starts, then every record outcome is exported at 0 so the success rate is defined', async () => {
    const registry = createMetricsRegistry({ service: 'booker', version: 'test' });

    createBookerMetrics(registry);
    const text = await registry.metrics();

    for (const outcome of ['applied', 'duplicate', 'stale', 'invalid', 'parked', 'failed']) {
      expect(text).toContain(`booker_records_total{outcome="${outcome}"} 0`);
    }
  });
});
