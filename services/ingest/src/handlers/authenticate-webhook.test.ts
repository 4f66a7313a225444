import { isAppError } from '@booking/shared/errors';
import { describe, expect, it } from 'vitest';
import { authenticateWebhook, chooseAuthentication } from './authenticate-webhook.ts';
import { signStandardWebhook, standardWebhookKeys } from './verify-standard-webhook.ts';

const all = { id: 'msg_1', timestamp: '1700000000', signature: 'v1,AAAA' };

describe('chooseAuthentication', () => {
  it('when a gateway secret is configured and all three headers are present, then the gateway signature applies', () => {
    expect(chooseAuthentication(1, all)).toBe('gateway');
  });

  it('when no gateway secret is configured, then the provider signature applies even with all three headers', () => {
    expect(chooseAuthentication(0, all)).toBe('provider');
  });

  it.each(['id', 'timestamp', 'signature'] as const)(
    'when the %s header is absent, then the provider signature applies',
    (name) => {
      expect(chooseAuthentication(2, { ...all, [name]: undefined })).toBe('provider');
    },
  );
});

describe('authenticateWebhook', () => {
  const secret = `whsec_${Buffer.alloc(24, 3).toString('base64')}`;
  const gateway = { keys: standardWebhookKeys([secret]), nowMs: 1_700_000_000_000 };
  const body = Buffer.from('{"triggerEvent":"PING"}');
  const signed = signStandardWebhook(body, secret, { id: 'msg_1', timestampSeconds: 1_700_000_000 });
  const fromGateway = {
    id: signed['webhook-id'],
    timestamp: signed['webhook-timestamp'],
    signature: signed['webhook-signature'],
  };
  const providerFails = {
    label: 'calcom',
    header: 'x-cal-signature-256',
    check: () => ({ ok: false, reason: 'missing' }) as const,
  };
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (isAppError(error)) return { code: error.code, message: error.message, details: error.details };
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('when the gateway signature is valid, then the provider check is not needed', () => {
    const request = { signature: undefined, gateway: fromGateway, deliveryId: 'msg_1' };

    expect(authenticateWebhook(body, request, gateway, providerFails)).toEqual({
      via: 'gateway',
      timestampMs: 1_700_000_000_000,
    });
  });

  it('when the gateway signature is wrong, then it is refused naming the gateway even if the provider one would pass', () => {
    const request = { signature: 'ok', gateway: { ...fromGateway, id: 'msg_2' }, deliveryId: 'msg_2' };
    const providerPasses = { ...providerFails, check: () => ({ ok: true }) as const };

    expect(refusal(() => authenticateWebhook(body, request, gateway, providerPasses))).toEqual({
      code: 'SIGNATURE_INVALID',
      message: 'gateway signature matches no configured secret',
      details: [{ field: 'webhook-signature', message: 'mismatch' }],
    });
  });

  it('when there are no gateway headers, then the provider check decides and its refusal names its header', () => {
    const request = {
      signature: undefined,
      gateway: { id: undefined, timestamp: undefined, signature: undefined },
      deliveryId: undefined,
    };

    expect(refusal(() => authenticateWebhook(body, request, gateway, providerFails))).toEqual({
      code: 'SIGNATURE_INVALID',
      message: 'calcom signature is missing',
      details: [{ field: 'x-cal-signature-256', message: 'missing' }],
    });
  });
});
