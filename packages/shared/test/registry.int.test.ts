import { STACK, uniqueName } from '@booking/shared/testing';
import { describe, expect, it } from 'vitest';
import { createAvroCodec, createSchemaRegistry } from '../src/registry/index.ts';

const schema = { type: 'record', name: 'Probe', namespace: 'test.registry', fields: [{ name: 'id', type: 'string' }] };

describe('createAvroCodec', () => {
  it('when several instances register a new subject at the same moment, then every one gets the same schema id', async () => {
    const subjects = Array.from({ length: 10 }, () => `${uniqueName('race')}-value`);

    const ids = await Promise.all(
      subjects.map(async (subject) => {
        const codecs = await Promise.all(
          Array.from({ length: 6 }, () => createAvroCodec(createSchemaRegistry(STACK.schemaRegistryUrl), subject, schema)),
        );
        return new Set(codecs.map((c) => c.schemaId)).size;
      }),
    );

    expect(ids).toEqual(subjects.map(() => 1));
  });
});
