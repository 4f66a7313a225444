import { AppError, InvalidEventError } from '@booking/shared/errors';
import { describe, expect, it } from 'vitest';
import { toHttpError } from './http-error.ts';

describe('toHttpError', () => {
  it('when validation failed, then 400 names the field', () => {
    const error = new InvalidEventError('bad', { details: [{ field: 'payload.uid', message: 'Required' }] });

    expect(toHttpError(error)).toMatchObject({
      status: 400,
      body: { error: 'EVENT_INVALID', details: [{ field: 'payload.uid' }] },
    });
  });

  it.each([
    ['SIGNATURE_INVALID', 401],
    ['FORBIDDEN', 403],
    ['OVERLOADED', 429],
  ] as const)('when the code is %s, then the status is %i', (code, status) => {
    expect(toHttpError(new AppError(code, 'x')).status).toBe(status);
  });

  it('when the spool is full, then 503 with Retry-After and a message without internals', () => {
    const error = new AppError('SPOOL_FULL', 'spool at /var/lib/x is full', { cause: new Error('ECONNREFUSED 10.0.0.1:9092') });

    const http = toHttpError(error);

    expect(http.status).toBe(503);
    expect(http.retryAfterSeconds).toBeGreaterThan(0);
    expect(JSON.stringify(http.body)).not.toMatch(/var|ECONN|9092/);
  });

  it('when fastify rejects the body size or media type, then 413 / 415', () => {
    expect(toHttpError(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' })).status).toBe(413);
    expect(toHttpError(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' })).status).toBe(415);
  });

  it('when an unknown error is thrown, then 500 says nothing about it', () => {
    expect(toHttpError(new Error('connect ECONNREFUSED 127.0.0.1:3306'))).toEqual({
      status: 500,
      outcome: 'error',
      body: { error: 'INTERNAL', message: 'internal error', details: [] },
    });
  });
});
