export interface EventDefinition {
  /** Kafka topic the records live on. */
  topic: string;
  /** Schema-registry subject: `<topic>-value` (TopicNameStrategy). */
  subject: string;
  /** Avro schema (JSON form). */
  schema: { type: 'record'; name: string; namespace: string; fields: unknown[] };
}

// Avro helpers: optional fields are a union with null, null first, default null, so that a
// field added later stays BACKWARD compatible.
export const optional = (name: string, type: unknown, doc?: string) => ({
  name,
  type: ['null', type],
  default: null,
  ...(doc ? { doc } : {}),
});
export const required = (name: string, type: unknown, doc?: string) => ({ name, type, ...(doc ? { doc } : {}) });
