// Standard Webhooks signing secrets (standardwebhooks.com): "whsec_" + base64 of the HMAC key.
// The one decoder of that form: the config schema validates with it, the verifier keys with it.

const PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Shorter keys are not signing secrets (the spec asks for 24 to 64 random bytes). */
export const MIN_WEBHOOK_SECRET_BYTES = 16;

/** The HMAC key of a `whsec_<base64>` secret, or undefined if the value is not one. */
export function decodeWebhookSecret(secret: string): Buffer | undefined {
  if (!secret.startsWith(PREFIX)) return undefined;
  const encoded = secret.slice(PREFIX.length);
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length >= MIN_WEBHOOK_SECRET_BYTES ? key : undefined;
}
