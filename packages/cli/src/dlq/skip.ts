// `dlq skip`: the operator's way to move one truly foreign record aside (README, alert
// SchemaIdUnknown). The consumers never dead-letter a record they cannot prove bad; when a
// record really carries a schema id no producer of ours registered, an operator stops the
// group, copies that record to the DLQ (error class OperatorSkipped) and moves the group's
// offset past it. Only the record the group is stuck on (its committed offset) can be skipped.
import { AppError } from '@booking/shared/errors';
import {
  type ConsumedRecord,
  createRecordProducer,
  type Kafka,
  readTopicsToEnd,
  setGroupOffsets,
  toDlqRecord,
} from '@booking/shared/kafka';
import { assertGroupStopped } from '../lib/group-running.ts';

export interface SkipRequest {
  group: string;
  topic: string;
  partition: number;
  offset: string;
  dlqTopic: string;
  reason: string;
}

export class OperatorSkipped extends Error {
  override readonly name = 'OperatorSkipped';
}

export async function skipRecord(kafka: Kafka, request: SkipRequest): Promise<ConsumedRecord> {
  const { group, topic, partition, offset } = request;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await assertGroupStopped(admin, group);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const at = committed?.partitions.find((p) => p.partition === partition)?.offset;
    if (at !== offset) {
      throw new AppError(
        'INTERNAL',
        `group "${group}" is at offset ${at ?? 'none'} of ${topic}/${partition}, not ${offset}: only that record can be skipped`,
      );
    }
  } finally {
    await admin.disconnect();
  }
  let found: ConsumedRecord | undefined;
  await readTopicsToEnd(kafka, {
    topics: [topic],
    onRecord(record) {
      if (record.partition === partition && record.offset === offset) found = record;
    },
  });
  if (!found) throw new AppError('INTERNAL', `no record at ${topic}/${partition}@${offset}`);
  const producer = createRecordProducer(kafka);
  await producer.connect();
  try {
    await producer.send([{ ...toDlqRecord(found, new OperatorSkipped(request.reason), group), topic: request.dlqTopic }]);
  } finally {
    await producer.disconnect();
  }
  await setGroupOffsets(kafka, group, [{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
  return found;
}
