// kafkajs 2.2.4 (src/producer/sendMessages.js) keeps the answers to one sendBatch per broker, not
// per partition. When broker A has answered for its partitions and broker B failed
// (NOT_LEADER_OR_FOLLOWER, a connection closed by a restarting broker), and B's partitions are led
// by A when kafkajs retries, it finds no broker left without an answer and resolves: B's records
// are acknowledged to the caller and were never appended (#20: 57 acknowledged webhooks missing
// after a rolling restart). So the caller checks the answer against where the records went.
import { type ICustomPartitioner, Partitioners, type RecordMetadata } from 'kafkajs';

export interface PlacedMessage {
  key: string;
  value: Buffer;
  headers?: Record<string, string>;
}

export interface PlacementTracker {
  /** kafkajs' Java-compatible murmur2 partitioner, remembering where it put each message. */
  createPartitioner: ICustomPartitioner;
  /** The partition of the message in kafkajs' last attempt to send it. */
  partitionOf(message: PlacedMessage): number | undefined;
}

export function trackPlacement(): PlacementTracker {
  const placed = new WeakMap<object, number>();
  return {
    createPartitioner: () => {
      const partitioner = Partitioners.DefaultPartitioner();
      return (args) => {
        const partition = partitioner(args);
        placed.set(args.message, partition);
        return partition;
      };
    },
    partitionOf: (message) => placed.get(message),
  };
}

/** The items whose (topic, partition) no answer covers: not known to be on the topic. */
export function unanswered<T>(
  sent: { item: T; topic: string; partition: number | undefined }[],
  answers: Pick<RecordMetadata, 'topicName' | 'partition'>[],
): T[] {
  const covered = new Set(answers.map((a) => `${a.topicName}\u0000${a.partition}`));
  return sent.filter((s) => s.partition === undefined || !covered.has(`${s.topic}\u0000${s.partition}`)).map((s) => s.item);
}
