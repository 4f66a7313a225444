export interface EventDefinition {
  /** Kafka topic the records live on. */
  topic: string;
  /** Schema-registry subject: `<topic>-value` (TopicNameStrategy). */
  subject: string;
  /** Avro schema (JSON form). */
  schema: { type: 'record'; name: string; namespace: string; fields: unknown[] };
}

/**
 * The registry subject of a topic's values (TopicNameStrategy). Derived from the topic actually
 * used, so a renamed topic (BOOKER_TOPIC_CHANGES, INGEST_TOPIC_*) registers under its own name.
 */
export const subjectOf = (topic: string) => `${topic}-value`;

// Avro helpers: optional fields are a union with null, null first, default null, so that a
// field added later stays BACKWARD compatible.
export const optional = (name: string, type: unknown, doc?: string) => ({
  name,
  type: ['null', type],
  default: null,
  ...(doc ? { doc } : {}),
});
export const required = (name: string, type: unknown, doc?: string) => ({ name, type, ...(doc ? { doc } : {}) });
