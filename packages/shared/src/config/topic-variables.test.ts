import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';
import { bookerSchema, ingestSchema, invalidatorSchema } from './schema.ts';
import { topicVariables } from './topic-variables.ts';

const topics = { calcom: 'p.calcom', retell: 'p.retell', changes: 'p.changes', dlq: 'p.dlq' };

describe('topicVariables', () => {
  it('when a pipeline has its own topic names, then every service reads each of them for its role', () => {
    const env = topicVariables(topics);

    expect(env).toEqual({
      INGEST_TOPIC_CALCOM: 'p.calcom',
      INGEST_TOPIC_RETELL: 'p.retell',
      BOOKER_TOPIC_CALCOM: 'p.calcom',
      BOOKER_TOPIC_RETELL: 'p.retell',
      BOOKER_TOPIC_CHANGES: 'p.changes',
      BOOKER_TOPIC_DLQ: 'p.dlq',
      INVALIDATOR_TOPIC_CHANGES: 'p.changes',
      INVALIDATOR_TOPIC_DLQ: 'p.dlq',
    });
    expect(loadConfig(ingestSchema, env).INGEST_TOPIC_RETELL).toBe('p.retell');
    expect(loadConfig(bookerSchema, env).BOOKER_TOPIC_DLQ).toBe('p.dlq');
    expect(loadConfig(invalidatorSchema, env).INVALIDATOR_TOPIC_CHANGES).toBe('p.changes');
  });

  it('when only some roles are given, then only their variables are set and the rest keep their defaults', () => {
    expect(topicVariables({ changes: 'x.changes' })).toEqual({
      BOOKER_TOPIC_CHANGES: 'x.changes',
      INVALIDATOR_TOPIC_CHANGES: 'x.changes',
    });
  });
});
