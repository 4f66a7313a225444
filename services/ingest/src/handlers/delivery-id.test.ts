import { describe, expect, it } from 'vitest';
import { deliveryIdOf } from './delivery-id.ts';

describe('deliveryIdOf', () => {
  it('when webhook-id is sent, then it is the delivery id, even next to an Idempotency-Key', () => {
    expect(deliveryIdOf({ 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', 'idempotency-key': 'other' })).toEqual({
      deliveryId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    });
  });

  it("when Svix's svix-id or Hookdeck's X-Hookdeck-EventId is sent, then it is the delivery id", () => {
    expect(deliveryIdOf({ 'svix-id': 'msg_svix' })).toEqual({ deliveryId: 'msg_svix' });
    expect(deliveryIdOf({ 'x-hookdeck-eventid': 'evt_hookdeck', 'idempotency-key': 'other' })).toEqual({
      deliveryId: 'evt_hookdeck',
    });
  });

  it('when only Idempotency-Key is sent, then it is the delivery id', () => {
    expect(deliveryIdOf({ 'idempotency-key': 'evt_01HZX' })).toEqual({ deliveryId: 'evt_01HZX' });
  });

  it('when neither is sent, then there is no delivery id', () => {
    expect(deliveryIdOf({ 'content-type': 'application/json' })).toEqual({});
  });

  it.each([
    ['longer than 256 characters', 'x'.repeat(257)],
    ['with a space', 'msg 1'],
    ['with a control character', 'msg\u00071'],
    ['empty', ''],
  ])('when webhook-id is %s, then it is ignored, not carried', (_name, value) => {
    expect(deliveryIdOf({ 'webhook-id': value })).toEqual({ ignored: 'webhook-id' });
  });

  it('when the header is repeated, then it is ignored', () => {
    expect(deliveryIdOf({ 'idempotency-key': ['a', 'b'] })).toEqual({ ignored: 'idempotency-key' });
  });
});
