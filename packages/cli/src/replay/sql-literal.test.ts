import { MariaDbPlatform } from '@booking/shared/orm';
import { describe, expect, it } from 'vitest';
import { sqlLiteral as literalOn } from './sql-literal.ts';

const platform = new MariaDbPlatform();
const sqlLiteral = (value: string | number | null | undefined) => literalOn(platform, value);

describe('sqlLiteral', () => {
  it('when a value is null or missing, then it is NULL', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
  });

  it('when a value is a number, then it is written as one, and a non-finite number is refused', () => {
    expect(sqlLiteral(1741597985412)).toBe('1741597985412');
    expect(sqlLiteral(-4.5)).toBe('-4.5');
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
  });

  it('when a string holds quotes, backslashes or control characters, then each is escaped', () => {
    expect(sqlLiteral(`O'Brien "Bob" \\ a\nb\r\tc\0d\x1ae\bf`)).toBe(`'O\\'Brien \\"Bob\\" \\\\ a\\nb\\r\\tc\\0d\\Ze\\bf'`);
  });

  it('when a string is plain or non-ASCII, then it is quoted unchanged', () => {
    expect(sqlLiteral('Größe 🎉 ｆｕｌｌ')).toBe(`'Größe 🎉 ｆｕｌｌ'`);
  });
});
