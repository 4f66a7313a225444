import { describe, expect, it } from 'vitest';
import { pipelineTopics, replicationProblem, resolveTopics, TOPICS, topicConfigDrift, topicSpecsFor } from './topics.ts';

const calcom = pipelineTopics(3, 1).find((s) => s.topic === TOPICS.calcom);
if (!calcom) throw new Error('bookings.calcom missing from the catalogue');

describe('pipelineTopics', () => {
  it('makes the three keyed topics compacted and the DLQ a 14-day delete topic', () => {
    const specs = pipelineTopics(3, 1);

    const policies = Object.fromEntries(specs.map((s) => [s.topic, s.configs['cleanup.policy']]));
    expect(policies).toEqual({
      'bookings.calcom': 'compact',
      'bookings.retell': 'compact',
      'bookings.changes': 'compact',
      'bookings.dlq': 'delete',
    });
    expect(specs.find((s) => s.topic === TOPICS.dlq)?.configs['retention.ms']).toBe(String(14 * 24 * 3600 * 1000));
  });
});

describe('min.insync.replicas of the topics', () => {
  it('when none is configured, then every topic takes min(2, replication factor)', () => {
    const minIsr = (rf: number) => new Set(pipelineTopics(3, rf).map((s) => s.configs['min.insync.replicas']));

    expect([minIsr(1), minIsr(2), minIsr(3), minIsr(5)]).toEqual([
      new Set(['1']),
      new Set(['2']),
      new Set(['2']),
      new Set(['2']),
    ]);
  });

  it('when one is configured, then every topic takes it, also under overridden names', () => {
    const specs = topicSpecsFor({ calcom: 't-calcom', dlq: 't-dlq' }, 3, 5, 3);

    expect(specs.map((s) => [s.topic, s.configs['min.insync.replicas']])).toEqual([
      ['t-calcom', '3'],
      ['t-dlq', '3'],
    ]);
  });
});

describe('replicationProblem', () => {
  it('when a topic has 3 replicas and min.insync.replicas 2, then it survives one broker lost and a rolling restart', () => {
    expect(replicationProblem(3, 2)).toBeUndefined();
  });

  it('when an acknowledged record may sit on one broker only, then the problem says it is lost with that broker', () => {
    expect(replicationProblem(3, 1)).toBe(
      'min.insync.replicas=1: an acknowledged record may exist on one broker only, and is lost with it',
    );
    expect(replicationProblem(1, 1)).toBe('replication factor 1: losing its broker loses every record');
  });

  it('when min.insync.replicas equals the replicas, then the problem says one broker down stops the writes', () => {
    expect(replicationProblem(2, 2)).toBe(
      'min.insync.replicas=2 with 2 replicas: one broker down (a rolling restart) stops every write',
    );
  });
});

describe('resolveTopics', () => {
  it('when a role has an override, then it takes it, and the other roles keep the contract names', () => {
    expect(resolveTopics(['calcom', 'changes', 'dlq'], { changes: 't-changes', dlq: undefined })).toEqual({
      calcom: 'bookings.calcom',
      changes: 't-changes',
      dlq: 'bookings.dlq',
    });
  });

  it('when there are no overrides, then only the asked roles come back, under their contract names', () => {
    expect(resolveTopics(['retell'])).toEqual({ retell: 'bookings.retell' });
  });
});

describe('topicSpecsFor', () => {
  it('when given renamed topics, then it returns only their specs, under the new names, with the catalogue settings', () => {
    const specs = topicSpecsFor({ changes: 't-changes', dlq: 't-dlq' }, 3, 1);
    const catalogue = pipelineTopics(3, 1);

    expect(specs.map((s) => s.topic)).toEqual(['t-changes', 't-dlq']);
    expect(specs[0]).toEqual({ ...catalogue.find((s) => s.topic === TOPICS.changes), topic: 't-changes' });
    expect(specs[1]).toEqual({ ...catalogue.find((s) => s.topic === TOPICS.dlq), topic: 't-dlq' });
  });
});

describe('topicConfigDrift', () => {
  it('when the topic matches its spec, then there is no drift', () => {
    expect(topicConfigDrift(calcom, { partitions: 3, replicationFactor: 1, configs: { ...calcom.configs } })).toEqual([]);
  });

  it('when the topic is missing, then the drift says it does not exist', () => {
    expect(topicConfigDrift(calcom, undefined)).toEqual([
      { topic: 'bookings.calcom', setting: 'exists', expected: 'true', actual: 'false' },
    ]);
  });

  it('when cleanup.policy is delete and partitions differ, then both are reported with expected and actual', () => {
    const drift = topicConfigDrift(calcom, {
      partitions: 1,
      replicationFactor: 1,
      configs: { ...calcom.configs, 'cleanup.policy': 'delete' },
    });

    expect(drift).toEqual([
      { topic: 'bookings.calcom', setting: 'partitions', expected: '3', actual: '1' },
      { topic: 'bookings.calcom', setting: 'cleanup.policy', expected: 'compact', actual: 'delete' },
    ]);
  });

  it('when a config is absent from the description, then it is reported as unset', () => {
    const { 'min.compaction.lag.ms': _dropped, ...rest } = calcom.configs;

    expect(topicConfigDrift(calcom, { partitions: 3, replicationFactor: 1, configs: rest })).toEqual([
      { topic: 'bookings.calcom', setting: 'min.compaction.lag.ms', expected: String(24 * 3600 * 1000), actual: '(unset)' },
    ]);
  });
});
