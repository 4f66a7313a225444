import { bookingStateProblems } from '@booking/shared/events';
import { describe, expect, it } from 'vitest';
import { bookingStates } from './backlog.ts';

describe('bench backlog', () => {
  it('when a backlog is generated, then every record passes the checks the ingest and the booker apply', () => {
    const problems = [...bookingStates('bench-test', 50, 3)].flatMap((state) =>
      bookingStateProblems(state).map((p) => `${state.eventId} ${p.field}: ${p.message}`),
    );

    expect(problems).toEqual([]);
  });
});
