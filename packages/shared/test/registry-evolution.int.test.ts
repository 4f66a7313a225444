// Schema evolution on the real registry: an old version registered and used by a producer, the
// schema evolved, and the old records decoded with the new reader take the new field's default.
import { describe, expect, it } from 'vitest';
import { createAvroCodec, createSchemaRegistry, decodeAvro, SUBJECT_COMPATIBILITY } from '../src/registry/index.ts';
import { STACK, testRecordSchema, uniqueName } from '../src/testing/index.ts';

const registry = createSchemaRegistry(STACK.schemaRegistryUrl);
const v1 = testRecordSchema('Greeting', { id: 'string' });
const v2 = { ...v1, fields: [...v1.fields, { name: 'priority', type: 'int', default: 3 }] };

async function compatibilityOf(subject: string): Promise<string> {
  const res = await fetch(`${STACK.schemaRegistryUrl}/config/${subject}`);
  return ((await res.json()) as { compatibilityLevel: string }).compatibilityLevel;
}

describe('schema evolution', () => {
  it('when a field with a default is added, then old records decoded with the new reader carry the default', async () => {
    const subject = `${uniqueName('evolution')}-value`;
    const old = await createAvroCodec<{ id: string; note: string | null }>(registry, subject, v1);
    const oldRecord = await old.encode({ id: 'a', note: 'written by v1' });

    const current = await createAvroCodec<{ id: string; note: string | null; priority: number }>(registry, subject, v2);
    const decoded = await decodeAvro(registry, oldRecord, v2);
    const asWritten = await decodeAvro(registry, oldRecord);

    expect(current.schemaId).not.toBe(old.schemaId);
    expect(decoded).toEqual({ id: 'a', note: 'written by v1', priority: 3 });
    expect(asWritten).not.toHaveProperty('priority', 3);
    expect(await compatibilityOf(subject)).toBe(SUBJECT_COMPATIBILITY);
  });

  it('when a version would make an older record unreadable, then the registry refuses it', async () => {
    const subject = `${uniqueName('evolution')}-value`;
    await createAvroCodec(registry, subject, v1);
    const required = { ...v1, fields: [...v1.fields, { name: 'channel', type: 'string' }] };

    await expect(createAvroCodec(registry, subject, required)).rejects.toThrow();
  });

  it('when a subject was registered as BACKWARD before, then registering tightens it to BACKWARD_TRANSITIVE', async () => {
    const subject = `${uniqueName('evolution')}-value`;
    await fetch(`${STACK.schemaRegistryUrl}/config/${subject}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: 'BACKWARD' }),
    });

    await createAvroCodec(registry, subject, v1);

    expect(await compatibilityOf(subject)).toBe(SUBJECT_COMPATIBILITY);
  });
});
