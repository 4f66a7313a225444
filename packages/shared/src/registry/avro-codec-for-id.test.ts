import { SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { testRecordSchema } from '../testing/avro-schemas.ts';
import { avroCodecForId, createSchemaRegistry } from './index.ts';

const schema = testRecordSchema('Sample', { uid: 'string', version: 'long' });
const value = { uid: 'booking-1', version: 1_741_597_980_000, note: 'hello' };

describe('avroCodecForId', () => {
  it('when encoding with a known id, then the bytes equal what the registry codec produces for that id', async () => {
    // the registry client encodes from its cache when it knows the id: seed it, no network
    const registry = createSchemaRegistry('http://127.0.0.1:1');
    (registry as unknown as { cache: { setSchema(id: number, type: string, s: unknown): void } }).cache.setSchema(
      70_000,
      SchemaType.AVRO,
      avro.Type.forSchema(schema as avro.Schema),
    );

    const ours = await avroCodecForId('s-value', 70_000, schema).encode(value);

    expect(ours.equals(await registry.encode(70_000, value))).toBe(true);
    expect(ours.subarray(0, 5)).toEqual(Buffer.from([0, 0, 1, 0x11, 0x70]));
    expect(avro.Type.forSchema(schema as avro.Schema).fromBuffer(ours.subarray(5))).toEqual(value);
  });

  it('when values outgrow the scratch buffer, then each frame is complete and frames do not share memory', async () => {
    const codec = avroCodecForId<typeof value>('s-value', 7, schema);
    const type = avro.Type.forSchema(schema as avro.Schema);
    const big = { ...value, note: 'x'.repeat(100_000) };

    const first = await codec.encode(big);
    const second = await codec.encode(value);

    expect(type.fromBuffer(first.subarray(5))).toEqual(big);
    expect(type.fromBuffer(second.subarray(5))).toEqual(value);
    expect(first.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 7]));
  });

  it('when the value does not match the schema, then encode rejects', async () => {
    await expect(avroCodecForId('s-value', 1, schema).encode({ uid: 1 } as never)).rejects.toThrow();
  });
});
