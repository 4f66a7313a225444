// How createAvroCodec answers the registry's refusals when instances start together. The
// interleavings are Apicurio's (seen in `npm run multi-instance` and a red CI run) but need two
// requests inside the registry at the same moment, so they are scripted here, without I/O.
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { createAvroCodec } from './index.ts';

const schema = { type: 'record', name: 'Sample', namespace: 'test', fields: [{ name: 'uid', type: 'string' }] };
const refused = (status: number) => Object.assign(new Error(`status ${status}`), { status });
/** What the client throws when the subject's level is not ours (here: the registry's default). */
const otherLevel = () =>
  Object.assign(new Error('Compatibility does not match'), { name: 'ConfluentSchemaRegistryCompatibilityError' });

/** A registry client whose register() and updateConfig() answer from the given scripts, in turn. */
function scriptedRegistry(register: Array<() => unknown>, updateConfig: Array<() => unknown>) {
  const calls: string[] = [];
  const next = (name: string, script: Array<() => unknown>) => async () => {
    calls.push(name);
    const step = script.shift();
    if (!step) throw new Error(`unexpected ${name}`);
    return step();
  };
  const registry = {
    register: next('register', register),
    api: { Subject: { updateConfig: next('updateConfig', updateConfig) } },
  };
  return { registry: registry as unknown as SchemaRegistry, calls };
}

describe('createAvroCodec when instances start together', () => {
  it('when another instance sets the subject rule between this one reading the default and writing it (409), then it registers again and starts', async () => {
    const { registry, calls } = scriptedRegistry(
      [
        () => {
          throw otherLevel();
        },
        () => ({ id: 7 }),
      ],
      [
        () => {
          throw refused(409);
        },
      ],
    );

    const codec = await createAvroCodec(registry, 's-value', schema);

    expect(codec.schemaId).toBe(7);
    expect(calls).toEqual(['register', 'updateConfig', 'register']);
  });

  it('when both instances set the rule and this one is refused (409), then it registers again and starts', async () => {
    const { registry } = scriptedRegistry(
      [
        () => {
          throw refused(409);
        },
        () => ({ id: 8 }),
      ],
      [],
    );

    expect((await createAvroCodec(registry, 's-value', schema)).schemaId).toBe(8);
  });

  it('when setting the rule fails for another reason, then the start fails with that error', async () => {
    const { registry } = scriptedRegistry(
      [
        () => {
          throw otherLevel();
        },
      ],
      [
        () => {
          throw refused(500);
        },
      ],
    );

    await expect(createAvroCodec(registry, 's-value', schema)).rejects.toMatchObject({ status: 500 });
  });
});
