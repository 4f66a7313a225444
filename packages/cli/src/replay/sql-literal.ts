// Values written into the SQL text of the shadow rebuild's bulk INSERTs. The rebuild writes a
// million rows × 23 columns: passed as `?` parameters, every statement is scanned for its
// placeholders and formatted again by each layer of the client stack, which cost more CPU than
// MariaDB spent inserting. The rows are the rebuild's own fold (validated records), and a value
// this function rendered wrong would fail the comparison with the fold before the swap.

const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  "'": "\\'",
  '"': '\\"',
  '\\': '\\\\',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it escapes
const SPECIAL = /[\0\b\t\n\r\x1a'"\\]/g;

/**
 * A string, number or NULL as a MariaDB literal (the server's default sql_mode, in which a
 * backslash escapes, as the client library assumes too).
 */
export function sqlLiteral(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replace(SPECIAL, (c) => ESCAPES[c] as string)}'`;
}
