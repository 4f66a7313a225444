// Clean-up of what a test, a tool's run or a bench created on the broker: its topics and,
// optionally, its consumer groups. Nothing in the services deletes topics; this is for scratch
// state only.
import type { Kafka } from 'kafkajs';

export interface BrokerLeftovers {
  /**
   * Deleted where they exist (a run that failed early may not have created them all). A delete
   * the broker refuses leaves a scratch topic behind, which is not the caller's failure.
   */
  topics: string[];
  /** Deleted where possible: a group that never formed or still has members is left alone. */
  groups?: string[];
}

export async function removeFromBroker(kafka: Kafka, leftovers: BrokerLeftovers): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (leftovers.groups?.length) await admin.deleteGroups(leftovers.groups).catch(() => undefined);
    const existing = new Set(await admin.listTopics());
    const topics = leftovers.topics.filter((topic) => existing.has(topic));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
