// Our own narrow view of a Kafka client: what the services need, nothing kafkajs-specific.

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers?: Record<string, string>;
}

export interface RecordProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves once every record is acknowledged by all in-sync replicas (acks=all). */
  send(records: OutgoingRecord[]): Promise<void>;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface ConsumedBatch {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
  /** When the batch reached the handler (epoch ms): the end of the stage "fetched". */
  fetchedAt: number;
  /** Keeps the group membership alive during long work; cheap, throttled by the client. */
  heartbeat(): Promise<void>;
  isRunning(): boolean;
}

/** A batch after decoding: the values in partition order, without the dead-lettered records. */
export interface DecodedBatch<T> extends ConsumedBatch {
  values: T[];
  /** The record each value was decoded from (same order as `values`): where a parked one came from. */
  decodedFrom: ConsumedRecord[];
  /** how many records of the batch were dead-lettered (already acknowledged by the broker) */
  deadLettered: number;
}
