import { describe, expect, it } from 'vitest';
import { parseJsonBody } from './parse-json-body.ts';

describe('parseJsonBody', () => {
  it('when the body holds bytes that are not UTF-8, then it is rejected naming the body', () => {
    const raw = Buffer.concat([Buffer.from('{"title":"Caf'), Buffer.from([0xe9]), Buffer.from('"}')]);

    expect(() => parseJsonBody(raw)).toThrow(
      expect.objectContaining({ code: 'EVENT_INVALID', message: 'body is not valid UTF-8' }),
    );
  });

  it('when the body is UTF-8 JSON with non-ASCII text, then it is returned as is', () => {
    expect(parseJsonBody(Buffer.from('{"title":"Café ☕"}'))).toEqual({ title: 'Café ☕' });
  });
});
