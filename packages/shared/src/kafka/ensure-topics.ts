import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { type ObservedTopic, type TopicDrift, type TopicSpec, topicConfigDrift } from './topics.ts';

/** Reads partitions and the configs named in the specs of the topics that exist. */
export async function describeTopics(admin: Admin, specs: TopicSpec[]): Promise<Map<string, ObservedTopic>> {
  const existing = new Set(await admin.listTopics());
  const present = specs.filter((s) => existing.has(s.topic));
  const observed = new Map<string, ObservedTopic>();
  if (present.length === 0) return observed;
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((s) => ({ type: 2 /* TOPIC */, name: s.topic, configNames: Object.keys(s.configs) })),
  });
  for (const spec of present) {
    const meta = metadata.topics.find((t) => t.name === spec.topic);
    const resource = configs.resources.find((r) => r.resourceName === spec.topic);
    observed.set(spec.topic, {
      partitions: meta?.partitions.length ?? 0,
      replicationFactor: Math.min(...(meta?.partitions ?? []).map((p) => p.replicas.length)),
      configs: Object.fromEntries((resource?.configEntries ?? []).map((e) => [e.configName, e.configValue])),
    });
  }
  return observed;
}

/**
 * Errors that mean "this broker does not know the new topic's leaders yet". kafkajs 2.2.4's
 * createTopics({ waitForLeaders }) asks one broker for the new topics' metadata and retries only
 * LEADER_NOT_AVAILABLE; on a multi-broker cluster a broker the controller has not yet told about
 * the topic answers UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this topic-partition"),
 * and createTopics fails although the topics were created.
 */
export function topicNotYetKnown(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE';
}

/** Waits until every partition of `topics` has a leader, as createTopics' own wait should have. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const led = (t: (typeof metadata.topics)[number]) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0);
      if (metadata.topics.length === topics.length && metadata.topics.every(led)) return;
    } catch (error) {
      if (!topicNotYetKnown(error)) throw error;
    }
    if (Date.now() >= deadline) throw new Error(`no leader for every partition of ${topics.join(', ')} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function topicDrift(admin: Admin, specs: TopicSpec[]): Promise<TopicDrift[]> {
  const observed = await describeTopics(admin, specs);
  return specs.flatMap((spec) => topicConfigDrift(spec, observed.get(spec.topic)));
}

/**
 * Creates the missing topics with their configs and returns the drift of those that already
 * existed. It never alters an existing topic: changing the partitions or the cleanup policy
 * of a keyed, compacted topic is an operator's decision (see `doctor`).
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], logger: Logger): Promise<TopicDrift[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      const created = admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor,
          configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      await created.catch(async (error: unknown) => {
        if (!topicNotYetKnown(error)) throw error;
        await waitForLeaders(
          admin,
          missing.map((s) => s.topic),
        );
      });
      logger.info({ topics: missing.map((s) => s.topic) }, 'topics created');
    }
    const drift = await topicDrift(admin, specs);
    for (const d of drift) logger.warn(d, 'topic config differs from the design');
    return drift;
  } finally {
    await admin.disconnect();
  }
}
