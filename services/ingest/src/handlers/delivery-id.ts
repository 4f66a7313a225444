// The gateway's id of a delivery (webhook-id or Svix's svix-id, Hookdeck's X-Hookdeck-EventId,
// else Idempotency-Key — the first present wins), carried as the delivery-id
// record header so a delivery can be traced from the gateway's log to the row. It only traces:
// the event id stays the hash of the body. A value that is not printable ASCII of at most 256
// characters is not carried (and logged as ignored) rather than refused — a booking is not
// rejected over a tracing header; a gateway-signed request with such an id fails its signature.
import { DELIVERY_ID } from './verify-standard-webhook.ts';

export const DELIVERY_ID_HEADERS = ['webhook-id', 'svix-id', 'x-hookdeck-eventid', 'idempotency-key'] as const;

export function deliveryIdOf(headers: Record<string, string | string[] | undefined>): {
  deliveryId?: string;
  ignored?: (typeof DELIVERY_ID_HEADERS)[number];
} {
  for (const name of DELIVERY_ID_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    return typeof value === 'string' && DELIVERY_ID.test(value) ? { deliveryId: value } : { ignored: name };
  }
  return {};
}
