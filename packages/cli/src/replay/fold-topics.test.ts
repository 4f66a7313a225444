import type { CustomerInput, PlannedRow } from '@booking/booker';
import { describe, expect, it } from 'vitest';
import { customerInputs } from './fold-topics.ts';

const row = (customer: CustomerInput | null) => ({ customer }) as PlannedRow;
const input = (mode: CustomerInput['mode'], fields: Partial<CustomerInput>): CustomerInput => ({
  key: 'ada@example.com',
  email: null,
  phone: null,
  name: null,
  mode,
  ...fields,
});

describe('customerInputs', () => {
  it('when a key has several overwrites and fills, then one of each carries the last non-null overwrite and the first non-null fill per field', () => {
    const rows = [
      row(input('overwrite', { email: 'ada@example.com', name: 'Ada' })),
      row(input('fill', { phone: '+491', name: 'A. L.' })),
      row(input('overwrite', { name: 'Ada Lovelace' })),
      row(input('fill', { phone: '+492' })),
      row(null),
    ];

    const inputs = customerInputs(rows);

    expect(inputs).toEqual([
      input('overwrite', { email: 'ada@example.com', name: 'Ada Lovelace' }),
      input('fill', { phone: '+491', name: 'A. L.' }),
    ]);
  });

  it('when keys differ, then each keeps its own inputs', () => {
    const inputs = customerInputs([row(input('overwrite', { key: 'a' })), row(input('overwrite', { key: 'b' }))]);

    expect(inputs.map((c) => c.key)).toEqual(['a', 'b']);
  });
});
