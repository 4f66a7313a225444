// Moves the committed offsets of an idle consumer group (replay). kafkajs' admin.setOffsets does
// the same per topic but waits for a fetch cycle of its internal consumer (5 s each); this one
// sets every topic in one short-lived member with a 100 ms fetch wait.
import type { Kafka } from 'kafkajs';

export interface GroupOffset {
  topic: string;
  partition: number;
  offset: string;
}

export async function setGroupOffsets(kafka: Kafka, groupId: string, offsets: GroupOffset[]): Promise<void> {
  if (offsets.length === 0) return;
  const topics = [...new Set(offsets.map((o) => o.topic))];
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    const description = await consumer.describeGroup();
    if (!['Empty', 'Dead'].includes(description.state)) {
      throw new Error(`consumer group "${groupId}" must have no running members (state ${description.state})`);
    }
    await new Promise<void>((resolve, reject) => {
      // The first fetch after the seeks means they are committed (kafkajs commits a seek
      // before fetching from the new position).
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.run({ autoCommit: true, eachBatchAutoResolve: false, eachBatch: async () => {} }).catch(reject);
      consumer.pause(topics.map((topic) => ({ topic })));
      for (const o of offsets) consumer.seek(o);
    });
  } finally {
    await consumer.disconnect();
  }
}
