import { describe, expect, it } from 'vitest';
import { trackPlacement, unanswered } from './unanswered-records.ts';

describe('unanswered', () => {
  it('when every partition a record went to has an answer, then nothing is unanswered', () => {
    const sent = [
      { item: 'a', topic: 't', partition: 0 },
      { item: 'b', topic: 't', partition: 1 },
    ];

    const missing = unanswered(sent, [
      { topicName: 't', partition: 1 },
      { topicName: 't', partition: 0 },
    ]);

    expect(missing).toEqual([]);
  });

  it("when the answer lacks a partition (kafkajs resolved without a moved leader's records), then that partition's records are unanswered", () => {
    const sent = [
      { item: 'a', topic: 't', partition: 0 },
      { item: 'b', topic: 't', partition: 1 },
      { item: 'c', topic: 'u', partition: 1 },
      { item: 'd', topic: 't', partition: 1 },
    ];

    const missing = unanswered(sent, [
      { topicName: 't', partition: 0 },
      { topicName: 'u', partition: 1 },
    ]);

    expect(missing).toEqual(['b', 'd']);
  });

  it('when a record was never placed on a partition, then it is unanswered', () => {
    expect(unanswered([{ item: 'a', topic: 't', partition: undefined }], [{ topicName: 't', partition: 0 }])).toEqual(['a']);
  });
});

describe('trackPlacement', () => {
  it('when kafkajs places a keyed message, then the tracker knows its murmur2 partition', () => {
    const tracker = trackPlacement();
    const partitioner = tracker.createPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({
      partitionId,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    }));
    const message = { key: 'booking-1', value: Buffer.from('x') };

    const partition = partitioner({ topic: 't', partitionMetadata, message });

    expect(tracker.partitionOf(message)).toBe(partition);
    expect(tracker.partitionOf({ key: 'booking-1', value: Buffer.from('x') })).toBeUndefined();
  });
});
