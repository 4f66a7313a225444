// Maps any thrown error to the HTTP answer of DESIGN.md's API table. The message of a 5xx is
// fixed text: internals (broker addresses, stack traces, file paths) never reach the client.
import { type ErrorDetail, isAppError } from '@booking/shared/errors';

export interface HttpError {
  status: number;
  body: { error: string; message: string; details: ErrorDetail[] };
  /** Label for metrics and logs. */
  outcome: string;
  retryAfterSeconds?: number;
}

export const RETRY_AFTER_SECONDS = 5;

const BY_CODE: Record<string, { status: number; outcome: string }> = {
  SIGNATURE_INVALID: { status: 401, outcome: 'unauthorized' },
  FORBIDDEN: { status: 403, outcome: 'forbidden' },
  EVENT_INVALID: { status: 400, outcome: 'invalid' },
  PAYLOAD_TOO_LARGE: { status: 413, outcome: 'too_large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, outcome: 'unsupported_media_type' },
  OVERLOADED: { status: 429, outcome: 'shed' },
  SPOOL_FULL: { status: 503, outcome: 'unavailable' },
  DEPENDENCY_UNAVAILABLE: { status: 503, outcome: 'unavailable' },
};

// errors fastify raises before our handler runs
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'request body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'content type must be application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'EVENT_INVALID', message: 'content-length does not match the body' },
};

export function toHttpError(error: unknown): HttpError {
  if (isAppError(error)) {
    const known = BY_CODE[error.code];
    if (known && known.status < 500) {
      return { ...known, body: { error: error.code, message: error.message, details: error.details } };
    }
    if (known) {
      const message = 'the webhook could not be stored; retry later';
      return { ...known, body: { error: error.code, message, details: [] }, retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
  }
  const code = (error as { code?: unknown }).code;
  const fastify = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  if (fastify) {
    const known = BY_CODE[fastify.code] as { status: number; outcome: string };
    return { ...known, body: { error: fastify.code, message: fastify.message, details: [] } };
  }
  return { status: 500, outcome: 'error', body: { error: 'INTERNAL', message: 'internal error', details: [] } };
}
