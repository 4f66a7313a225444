// Which signature authenticates a webhook (DESIGN.md "Gateway mode"): a gateway that verified
// the provider's signature and re-signed with Standard Webhooks stands in for the provider —
// but only when a gateway secret is configured and the request carries all three headers.
// Otherwise the provider's own signature is required, exactly as without a gateway.
import { AppError } from '@booking/shared/errors';
import type { SignatureCheck } from './verify-calcom-signature.ts';
import { type StandardWebhookHeaders, verifyStandardWebhook } from './verify-standard-webhook.ts';

export type Authentication = 'gateway' | 'provider';

export function chooseAuthentication(gatewayKeys: number, headers: StandardWebhookHeaders): Authentication {
  const complete = headers.id !== undefined && headers.timestamp !== undefined && headers.signature !== undefined;
  return gatewayKeys > 0 && complete ? 'gateway' : 'provider';
}

/** What the HTTP layer hands a webhook use case besides the body. */
export interface WebhookRequest {
  /** The provider's signature header (X-Cal-Signature-256, x-retell-signature). */
  signature: string | undefined;
  gateway: StandardWebhookHeaders;
  /** webhook-id or Idempotency-Key, already validated; carried as the delivery-id header. */
  deliveryId: string | undefined;
}

export interface GatewayAuth {
  keys: readonly Buffer[];
}

const REASONS: Record<string, string> = {
  missing: 'is missing',
  malformed: 'is malformed',
  stale: 'has a timestamp more than 5 minutes from our clock',
  mismatch: 'matches no configured secret',
};

function refused(label: string, field: string, reason: string): AppError {
  const message = `${label} signature ${REASONS[reason] ?? reason}`;
  return new AppError('SIGNATURE_INVALID', message, { details: [{ field, message: reason }] });
}

/**
 * Throws a SIGNATURE_INVALID naming the scheme, the header and the reason, or returns how the
 * request was authenticated; `provider` runs the provider's own check only when it applies.
 */
export function authenticateWebhook<T extends object>(
  raw: Buffer,
  request: WebhookRequest,
  gateway: GatewayAuth & { nowMs: number },
  provider: { label: string; header: string; check: () => SignatureCheck<T> },
): { via: 'gateway'; timestampMs: number } | ({ via: 'provider' } & T) {
  if (chooseAuthentication(gateway.keys.length, request.gateway) === 'gateway') {
    const check = verifyStandardWebhook(raw, request.gateway, { keys: gateway.keys, nowMs: gateway.nowMs });
    if (!check.ok) throw refused('gateway', 'webhook-signature', check.reason);
    return { via: 'gateway', timestampMs: check.timestampMs };
  }
  const check = provider.check();
  if (!check.ok) throw refused(provider.label, provider.header, check.reason);
  return { via: 'provider', ...check };
}
