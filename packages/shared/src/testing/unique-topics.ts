// Topic names of their own for a test file or a single test (`<prefix>-<id>.<role>`), so tests
// never share a topic on the shared broker, deleted afterwards by the helper itself. The topics
// are created by whatever the test runs (a service creates its missing topics at start).
import { afterAll, onTestFinished } from 'vitest';
import { createKafka, removeFromBroker } from '../kafka/index.ts';
import { createLogger } from '../logger/index.ts';
import { STACK, uniqueName } from './stack.ts';

type Names<R extends string> = { [role in R]: string };

function names<R extends string>(roles: readonly R[], prefix: string): Names<R> {
  const id = uniqueName(prefix);
  return Object.fromEntries(roles.map((role) => [role, `${id}.${role}`])) as Names<R>;
}

async function deleteTopics(topics: string[], brokers: readonly string[]): Promise<void> {
  const kafka = createKafka({
    brokers: [...brokers],
    clientId: 'test-topic-cleanup',
    logger: createLogger({ name: 'test', level: 'silent' }),
    retry: 'failFast',
  });
  await removeFromBroker(kafka, { topics });
}

/** For the tests of one file (or describe): deleted from the broker in afterAll. */
export function useUniqueTopics<R extends string>(roles: readonly R[], prefix = 't', brokers = STACK.kafkaBrokers): Names<R> {
  const topics = names(roles, prefix);
  afterAll(() => deleteTopics(Object.values(topics), brokers));
  return topics;
}

/** For one test, called inside it: deleted from the broker when the test finishes. */
export function createUniqueTopics<R extends string>(roles: readonly R[], prefix = 't', brokers = STACK.kafkaBrokers): Names<R> {
  const topics = names(roles, prefix);
  onTestFinished(() => deleteTopics(Object.values(topics), brokers));
  return topics;
}
