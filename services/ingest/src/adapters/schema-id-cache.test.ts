import { describe, expect, it } from 'vitest';
import {
  cachedIdsFor,
  parseSchemaIdCache,
  schemaFingerprint,
  serialiseSchemaIdCache,
  withRegisteredIds,
} from './schema-id-cache.ts';

const calcom = { subject: 'calcom-value', schema: { type: 'record', name: 'A', fields: [{ name: 'a', type: 'string' }] } };
const retell = { subject: 'retell-value', schema: { type: 'record', name: 'B', fields: [{ name: 'b', type: 'long' }] } };

describe('schema id cache', () => {
  it('when ids were registered for both subjects, then they are read back for the same schemas', () => {
    const cache = parseSchemaIdCache(
      serialiseSchemaIdCache(
        withRegisteredIds({}, [
          { ...calcom, id: 7 },
          { ...retell, id: 9 },
        ]),
      ),
    );

    expect(cachedIdsFor(cache, [calcom, retell])).toEqual({ 'calcom-value': 7, 'retell-value': 9 });
  });

  it('when the code schema changed since the id was cached, then no cached ids are used', () => {
    const cache = withRegisteredIds({}, [
      { ...calcom, id: 7 },
      { ...retell, id: 9 },
    ]);
    const changed = { ...calcom, schema: { ...calcom.schema, doc: 'new' } };

    expect(cachedIdsFor(cache, [changed, retell])).toBeUndefined();
  });

  it('when one subject is missing from the cache, then no cached ids are used', () => {
    expect(cachedIdsFor(withRegisteredIds({}, [{ ...calcom, id: 7 }]), [calcom, retell])).toBeUndefined();
  });

  it('when the file is not JSON or has malformed entries, then those entries are ignored', () => {
    expect(parseSchemaIdCache('{not json')).toEqual({});
    expect(parseSchemaIdCache('[1]')).toEqual({});
    const text = JSON.stringify({ a: { id: 'x', fingerprint: 'f' }, b: { id: 3 }, c: null, d: { id: 4, fingerprint: 'f' } });
    expect(parseSchemaIdCache(text)).toEqual({ d: { id: 4, fingerprint: 'f' } });
  });

  it('when a subject is registered again, then its entry is replaced and others are kept', () => {
    const cache = withRegisteredIds(
      withRegisteredIds({}, [
        { ...calcom, id: 7 },
        { ...retell, id: 9 },
      ]),
      [{ ...calcom, id: 8 }],
    );

    expect(cache).toEqual({
      'calcom-value': { id: 8, fingerprint: schemaFingerprint(calcom.schema) },
      'retell-value': { id: 9, fingerprint: schemaFingerprint(retell.schema) },
    });
  });
});
