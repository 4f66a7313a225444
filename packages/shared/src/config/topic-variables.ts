// The variables that point the three services at topics of other names than the defaults (a
// test's, a tool's or a second pipeline's own), derived from the schemas: every
// `<SERVICE>_TOPIC_<ROLE>` variable is set to the name given for that role, so a topic variable
// added to a schema is set by every caller without an edit.
import type { TopicRole } from '../kafka/topics.ts';
import { bookerSchema, ingestSchema, invalidatorSchema } from './schema.ts';

const TOPIC_VARIABLE = /^(?:INGEST|BOOKER|INVALIDATOR)_TOPIC_([A-Z]+)$/;

const VARIABLES = [...new Set([ingestSchema, bookerSchema, invalidatorSchema].flatMap((schema) => Object.keys(schema.shape)))]
  .map((name) => ({ name, role: TOPIC_VARIABLE.exec(name)?.[1]?.toLowerCase() as TopicRole | undefined }))
  .filter((v): v is { name: string; role: TopicRole } => v.role !== undefined);

/** `{ INGEST_TOPIC_CALCOM: topics.calcom, …, INVALIDATOR_TOPIC_DLQ: topics.dlq }` for the roles given. */
export function topicVariables(topics: Partial<Record<TopicRole, string>>): Record<string, string> {
  return Object.fromEntries(VARIABLES.flatMap(({ name, role }) => (topics[role] === undefined ? [] : [[name, topics[role]]])));
}
