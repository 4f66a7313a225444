// kafkajs sends one produce request per send(), and the idempotent producer allows one request in
// flight. Under concurrent webhooks that serialises every request behind the previous ack. This
// coalesces: records queue for at most `lingerMs` (or until `maxRecords`), go out in one request,
// and each caller's promise settles with that request's acknowledgement — never before.
import type { OutgoingRecord, RecordProducer } from '@booking/shared/kafka';
import type { IngestMetrics } from './ingest-metrics.ts';

export interface BatchingProducerOptions {
  producer: RecordProducer;
  lingerMs: number;
  maxRecords: number;
  metrics: Pick<IngestMetrics, 'produceDuration'>;
}

export interface BatchingProducer {
  /** Resolves once Kafka acknowledged the record (acks=all); rejects if its request failed. */
  send(record: OutgoingRecord): Promise<void>;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
}

interface Pending {
  record: OutgoingRecord;
  resolve(): void;
  reject(error: unknown): void;
}

export function createBatchingProducer(options: BatchingProducerOptions): BatchingProducer {
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  async function sendBatch(batch: Pending[]): Promise<void> {
    const stopTimer = options.metrics.produceDuration.startTimer();
    try {
      await options.producer.send(batch.map((p) => p.record));
      stopTimer({ outcome: 'ok' });
      for (const p of batch) p.resolve();
    } catch (error) {
      stopTimer({ outcome: 'error' });
      // Records queued behind a failed request fail with it: they then take the same path
      // (the spool) in their original order instead of overtaking the failed ones on Kafka.
      const failed = [...batch, ...queue];
      queue = [];
      for (const p of failed) p.reject(error);
    }
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (inFlight || queue.length === 0) return;
    const batch = queue.splice(0, options.maxRecords);
    inFlight = sendBatch(batch).finally(() => {
      inFlight = undefined;
      // what queued during the request goes out at once: it already waited one round trip
      if (queue.length > 0) flush();
    });
  }

  return {
    send(record) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ record, resolve, reject });
        if (queue.length >= options.maxRecords) flush();
        else if (!timer && !inFlight) timer = setTimeout(flush, options.lingerMs);
      });
    },
    async idle() {
      while (inFlight || queue.length > 0) {
        if (!inFlight) flush();
        await inFlight;
      }
    },
  };
}
