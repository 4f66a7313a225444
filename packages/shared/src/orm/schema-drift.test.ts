import { describe, expect, it } from 'vitest';
import { COLLATIONS, padAttribute } from '../events/appointment-fields.ts';
import { describeColumnChange } from './schema-drift.ts';

describe('padAttribute', () => {
  it('when a collation is NO PAD or binary, then it says so; every other MariaDB collation pads', () => {
    expect(['utf8mb4_nopad_bin', 'utf8mb4_unicode_nopad_ci', 'binary'].map(padAttribute)).toEqual(['NO PAD', 'NO PAD', 'NO PAD']);
    expect(['utf8mb4_bin', 'utf8mb4_unicode_ci', 'utf8mb4_general_ci'].map(padAttribute)).toEqual([
      'PAD SPACE',
      'PAD SPACE',
      'PAD SPACE',
    ]);
    expect(padAttribute(COLLATIONS.bytes)).toBe('NO PAD');
  });
});

describe('describeColumnChange', () => {
  it('when a key column has a padding collation, then the drift names both collations and their pad attributes', () => {
    const problem = describeColumnChange(
      new Set(['collation']),
      { type: 'varchar(191)', collation: 'utf8mb4_bin' },
      { type: 'varchar(191)', collation: 'utf8mb4_nopad_bin' },
    );

    expect(problem).toBe('collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_bin (PAD SPACE)');
  });

  it("when the database column has the table's collation, then the drift names the table's collation", () => {
    const problem = describeColumnChange(
      new Set(['collation']),
      { type: 'varchar(320)' },
      { type: 'varchar(320)', collation: 'utf8mb4_nopad_bin' },
      'utf8mb4_unicode_ci',
    );

    expect(problem).toBe('collation: entity utf8mb4_nopad_bin (NO PAD), database utf8mb4_unicode_ci (PAD SPACE)');
  });
});
