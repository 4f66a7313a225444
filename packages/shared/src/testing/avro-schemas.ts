// The Avro record the registry and codec tests write: a few required fields of their own and an
// optional `note` (a union with null, so evolution and nulls are both covered). One definition,
// so a test names only what it checks.

type TestFieldType = 'string' | 'long' | 'int';

/** `{ type: 'record', name, namespace: 'test', fields: [...required, note: null | string = null] }` */
export function testRecordSchema(name: string, required: Record<string, TestFieldType>) {
  return {
    type: 'record',
    name,
    namespace: 'test',
    fields: [
      ...Object.entries(required).map(([field, type]) => ({ name: field, type })),
      { name: 'note', type: ['null', 'string'], default: null },
    ],
  };
}
