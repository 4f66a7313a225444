import { describe, expect, it } from 'vitest';
import { topicNotYetKnown } from './ensure-topics.ts';

describe('topicNotYetKnown', () => {
  it('when a broker answers that it does not host the new topic or has no leader yet, then it is a wait, not a failure', () => {
    expect(topicNotYetKnown({ type: 'UNKNOWN_TOPIC_OR_PARTITION' })).toBe(true);
    expect(topicNotYetKnown({ type: 'LEADER_NOT_AVAILABLE' })).toBe(true);
  });

  it('when creating the topics failed for another reason, then it is a failure', () => {
    expect(topicNotYetKnown({ type: 'INVALID_REPLICATION_FACTOR' })).toBe(false);
    expect(topicNotYetKnown(new Error('Connection error'))).toBe(false);
    expect(topicNotYetKnown(null)).toBe(false);
  });
});
