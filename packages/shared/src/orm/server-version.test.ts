import { describe, expect, it } from 'vitest';
import { serverVersionProblem } from './server-version.ts';

describe('serverVersionProblem', () => {
  it('when the server is MariaDB 10.5 or later, then there is no problem', () => {
    expect(['10.5.0-MariaDB', '10.11.19-MariaDB-0+deb12u1', '11.4.2-MariaDB-ubu2404'].map(serverVersionProblem)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('when the server is an older MariaDB or MySQL, then the problem names it and the version needed', () => {
    expect(serverVersionProblem('10.4.34-MariaDB')).toBe(
      'the server is MariaDB 10.4.34: MariaDB 10.5 or later is required (INSERT … RETURNING)',
    );
    expect(serverVersionProblem('8.0.36')).toBe(
      'the server is 8.0.36, not MariaDB: MariaDB 10.5 or later is required (INSERT … RETURNING)',
    );
  });
});
