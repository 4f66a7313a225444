import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkajsLogLevel } from './kafkajs-log-level.ts';

describe('kafkajsLogLevel', () => {
  it('when a broker answers "coordinator loading" while the group settles, then the line is info, not error', () => {
    const level = kafkajsLogLevel(logLevel.ERROR, 'Response FindCoordinator(key: 10, version: 2)', {
      error: "The coordinator is loading and hence can't process requests for this group",
    });

    expect(level).toBe('info');
  });

  it('when a broker answers with an error that does not settle by itself, then the line stays error', () => {
    const level = kafkajsLogLevel(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', {
      error: 'The request included a message larger than the max message size the server will accept',
    });

    expect(level).toBe('error');
  });

  it('when kafkajs warns about the idempotent producer retry limit we chose, then the line is debug', () => {
    expect(kafkajsLogLevel(logLevel.WARN, 'Limiting retries for the idempotent producer to Number.MAX_SAFE_INTEGER', {})).toBe(
      'debug',
    );
  });

  it('when a line is not a settling answer, then it keeps kafkajs level', () => {
    expect(kafkajsLogLevel(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', { error: 'x' })).toBe('error');
    expect(kafkajsLogLevel(logLevel.WARN, 'Connection timeout', {})).toBe('warn');
  });
});
