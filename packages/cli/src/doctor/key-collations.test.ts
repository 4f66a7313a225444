import { KEY_COLUMNS } from '@booking/shared/events';
import { describe, expect, it } from 'vitest';
import { judgeKeyCollations } from './key-collations.ts';

const all = (collation: string) => KEY_COLUMNS.map((k) => ({ ...k, collation }));

describe('judgeKeyCollations', () => {
  it('when every key column is utf8mb4_nopad_bin, then PASS', () => {
    expect(judgeKeyCollations(all('utf8mb4_nopad_bin'))).toMatchObject({ check: 'key collations', status: 'PASS' });
  });

  it('when a key column pads or folds, then FAIL names the column, its collation and its pad attribute', () => {
    const live = all('utf8mb4_nopad_bin').map((c) =>
      c.table === 'appointments' && c.column === 'booking_uid' ? { ...c, collation: 'utf8mb4_bin' } : c,
    );

    expect(judgeKeyCollations(live)).toEqual({
      check: 'key collations',
      status: 'FAIL',
      evidence:
        'appointments.booking_uid is utf8mb4_bin (PAD SPACE): keys must be utf8mb4_nopad_bin (NO PAD), run npm run migrate',
    });
  });

  it('when a key column is missing, then FAIL says so', () => {
    const live = all('utf8mb4_nopad_bin').filter((c) => c.column !== 'customer_key');

    expect(judgeKeyCollations(live).evidence).toMatch(/^customers\.customer_key is missing:/);
  });
});
