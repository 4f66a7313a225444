import { describe, expect, it } from 'vitest';
import { commandExits, EXIT, EXIT_MEANINGS } from './exit-codes.ts';

describe('commandExits', () => {
  it('when a command words only ok and found, then usage and failed are listed with the table meaning and an error exits failed', () => {
    const exits = commandExits({ ok: 'no mismatch', found: 'mismatches found' });

    expect(exits).toEqual({
      exitCodes: {
        [EXIT.ok]: 'no mismatch',
        [EXIT.found]: 'mismatches found',
        [EXIT.usage]: EXIT_MEANINGS[EXIT.usage],
        [EXIT.failed]: EXIT_MEANINGS[EXIT.failed],
      },
      failureExitCode: EXIT.failed,
    });
  });

  it('when a command words failed itself, then its words replace the table meaning', () => {
    expect(commandExits({ failed: 'MariaDB unreachable' }).exitCodes[EXIT.failed]).toBe('MariaDB unreachable');
  });
});
