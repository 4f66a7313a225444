import { describe, expect, it } from 'vitest';
import { decodeInvalidationMessage, encodeInvalidationMessage } from './invalidation-message.ts';

describe('invalidation message', () => {
  it('when keys are encoded and decoded, then the same keys come back', () => {
    const keys = ['appointment:a', 'availability:1:2026-01-01'];

    expect(decodeInvalidationMessage(encodeInvalidationMessage(keys))).toEqual(keys);
  });

  it('when the message is not JSON or has no key list, then no keys are returned', () => {
    expect(decodeInvalidationMessage('not json')).toEqual([]);
    expect(decodeInvalidationMessage('null')).toEqual([]);
    expect(decodeInvalidationMessage('{"keys":"appointment:a"}')).toEqual([]);
  });
});
