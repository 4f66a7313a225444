// Cal.com sends times as "…Z" without ms on create, "…+00:00" on cancel, "….412Z" in createdAt
// (reference/webhooks.md §1.4). Any ISO-8601 date-time with an explicit offset is accepted; one
// without an offset is rejected rather than guessed, because its instant is ambiguous.
const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/** UTC epoch ms of an ISO-8601 date-time with offset, or undefined if it is not one. */
export function parseIsoTime(value: string): number | undefined {
  const match = ISO.exec(value);
  if (!match) return undefined;
  const [, date, time, zone] = match as unknown as [string, string, string, string];
  const [clock, fraction = ''] = time.replace(',', '.').split('.');
  const ms = fraction.length > 0 ? `.${fraction.padEnd(3, '0').slice(0, 3)}` : '';
  const seconds = (clock as string).length === 5 ? `${clock}:00` : clock;
  let offset = zone.toUpperCase();
  if (offset !== 'Z')
    offset = offset.length === 3 ? `${offset}:00` : offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const epoch = Date.parse(`${date}T${seconds}${ms}${offset}`);
  return Number.isNaN(epoch) ? undefined : epoch;
}
