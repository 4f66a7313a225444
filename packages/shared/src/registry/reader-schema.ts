// Schema evolution on read (DESIGN.md "Events", compatibility): a record is decoded with the
// writer's schema (from the registry, by the id in its frame) resolved into the reader's schema
// (the code's current one), so that a field added later takes its default on an old record
// instead of being undefined. Replay re-reads every version the compacted topics still hold,
// which is why the subjects are BACKWARD_TRANSITIVE: the newest reader must read all of them.
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { InvalidEventError } from '../errors/index.ts';

/** What every subject of ours must be set to; `doctor` reports a subject that is not. */
export const SUBJECT_COMPATIBILITY = 'BACKWARD_TRANSITIVE';

interface Reader {
  type: avro.Type;
  /** per writer schema id: how to read its bytes as the reader (null = same schema) */
  resolvers: Map<number, avro.Resolver | null>;
}
const readers = new WeakMap<object, Reader>();

function readerFor(schema: object): Reader {
  let reader = readers.get(schema);
  if (!reader) {
    reader = { type: avro.Type.forSchema(schema as avro.Schema), resolvers: new Map() };
    readers.set(schema, reader);
  }
  return reader;
}

/** Decodes the Avro body of a record written with schema `schemaId` as `readerSchema`. */
export async function readAs<T>(registry: SchemaRegistry, schemaId: number, body: Buffer, readerSchema: object): Promise<T> {
  const reader = readerFor(readerSchema);
  let resolver = reader.resolvers.get(schemaId);
  if (resolver === undefined) {
    const writer = (await registry.getSchema(schemaId)) as unknown as avro.Type;
    try {
      resolver = writer.equals(reader.type) ? null : reader.type.createResolver(writer);
    } catch (error) {
      throw new InvalidEventError(`schema id ${schemaId} cannot be read as ${reader.type.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    reader.resolvers.set(schemaId, resolver);
  }
  return (resolver ? reader.type.fromBuffer(body, resolver) : reader.type.fromBuffer(body)) as T;
}
