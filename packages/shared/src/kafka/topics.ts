// The topics of the pipeline and the configuration each must have (DESIGN.md, "Events").
// `topicConfigDrift` is the pure comparison that `ensureTopics` and `doctor` report.

export const TOPICS = {
  calcom: 'bookings.calcom',
  retell: 'bookings.retell',
  changes: 'bookings.changes',
  dlq: 'bookings.dlq',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];
export type TopicRole = keyof typeof TOPICS;
/** The topic names one service uses, by role (`calcom`, `changes`, …). */
export type TopicNames<R extends TopicRole> = Record<R, string>;

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How many replicas must have a record before an acks=all write is acknowledged, unless
 * configured: 2 where there are 2 copies, so that losing one broker loses no acknowledged
 * record; a broker's stock default is 1, which acknowledges what only the leader holds.
 */
export function defaultMinInsyncReplicas(replicationFactor: number): number {
  return Math.min(2, replicationFactor);
}

/**
 * Why a topic cannot keep an acknowledged record through the loss of one broker (durability),
 * or why a rolling restart stops its writes (availability); undefined when neither applies.
 */
export function replicationProblem(replicationFactor: number, minInsyncReplicas: number): string | undefined {
  if (replicationFactor < 2) return `replication factor ${replicationFactor}: losing its broker loses every record`;
  if (minInsyncReplicas < 2) {
    return `min.insync.replicas=${minInsyncReplicas}: an acknowledged record may exist on one broker only, and is lost with it`;
  }
  if (minInsyncReplicas >= replicationFactor) {
    return `min.insync.replicas=${minInsyncReplicas} with ${replicationFactor} replicas: one broker down (a rolling restart) stops every write`;
  }
  return undefined;
}

interface Replication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** Compacted, keyed by booking UID: the last record per key rebuilds the row. */
function compacted(topic: string, partitions: number, { replicationFactor, minInsyncReplicas }: Replication): TopicSpec {
  return {
    topic,
    partitions,
    replicationFactor,
    configs: {
      'cleanup.policy': 'compact',
      'min.insync.replicas': String(minInsyncReplicas),
      // tombstones must outlive the longest replay, or a replay resurrects deleted keys
      'delete.retention.ms': String(7 * DAY_MS),
      // keep every version for a while so that consumers that lag still see each step
      'min.compaction.lag.ms': String(DAY_MS),
    },
  };
}

export function pipelineTopics(
  partitions: number,
  replicationFactor: number,
  minInsyncReplicas = defaultMinInsyncReplicas(replicationFactor),
): TopicSpec[] {
  const replication = { replicationFactor, minInsyncReplicas };
  return [
    compacted(TOPICS.calcom, partitions, replication),
    compacted(TOPICS.retell, partitions, replication),
    compacted(TOPICS.changes, partitions, replication),
    {
      topic: TOPICS.dlq,
      partitions: 1,
      replicationFactor,
      configs: {
        'cleanup.policy': 'delete',
        'min.insync.replicas': String(minInsyncReplicas),
        'retention.ms': String(14 * DAY_MS),
      },
    },
  ];
}

/**
 * The one rule for topic-name overrides (config variables such as BOOKER_TOPIC_*, tests'
 * `topics:` option): each role takes its override when one is given, else the contract's name.
 */
export function resolveTopics<R extends TopicRole>(
  roles: readonly R[],
  overrides: Partial<Record<R, string | undefined>> = {},
): TopicNames<R> {
  return Object.fromEntries(roles.map((role) => [role, overrides[role] ?? TOPICS[role]])) as TopicNames<R>;
}

/** The specs of the topics in `names` (pipelineTopics' settings), under their resolved names. */
export function topicSpecsFor(
  names: Partial<Record<TopicRole, string>>,
  partitions: number,
  replicationFactor: number,
  minInsyncReplicas?: number,
): TopicSpec[] {
  const byName = new Map(Object.entries(TOPICS).map(([role, name]) => [name as string, role as TopicRole]));
  return pipelineTopics(partitions, replicationFactor, minInsyncReplicas).flatMap((spec) => {
    const role = byName.get(spec.topic);
    const name = role && names[role];
    return name ? [{ ...spec, topic: name }] : [];
  });
}

export interface TopicDrift {
  topic: string;
  setting: string;
  expected: string;
  actual: string;
}

export interface ObservedTopic {
  partitions: number;
  /** The fewest replicas any partition has. */
  replicationFactor: number;
  configs: Record<string, string | undefined>;
}

/** Lists every setting of `spec` the observed topic does not have (missing topic = one drift). */
export function topicConfigDrift(spec: TopicSpec, observed: ObservedTopic | undefined): TopicDrift[] {
  if (!observed) return [{ topic: spec.topic, setting: 'exists', expected: 'true', actual: 'false' }];
  const drift: TopicDrift[] = [];
  if (observed.partitions !== spec.partitions) {
    drift.push({
      topic: spec.topic,
      setting: 'partitions',
      expected: String(spec.partitions),
      actual: String(observed.partitions),
    });
  }
  for (const [setting, expected] of Object.entries(spec.configs)) {
    const actual = observed.configs[setting];
    if (actual !== expected) drift.push({ topic: spec.topic, setting, expected, actual: actual ?? '(unset)' });
  }
  return drift;
}
