// Values written into the SQL text of the shadow rebuild's bulk INSERTs. The rebuild writes a
// million rows × 23 columns: passed as `?` parameters, every statement is scanned for its
// placeholders and formatted again by each layer of the client stack, which cost more CPU than
// MariaDB spent inserting. So the values are escaped here, once, by the ORM's own escaper (the
// one it formats `?` parameters with). The rows are the rebuild's own fold (validated records),
// and a value rendered wrong would fail the comparison with the fold before the swap.
import type { MariaDbPlatform } from '@booking/shared/orm';

/** A string, number or NULL as a MariaDB literal; a number without one (NaN, ±Infinity) is refused. */
export function sqlLiteral(platform: Pick<MariaDbPlatform, 'quoteValue'>, value: string | number | null | undefined): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return platform.quoteValue(value);
}
