// kafkajs sends one produce request per send(), and the idempotent producer allows one request in
// flight. Under concurrent webhooks that serialises every request behind the previous ack. This
// coalesces: records queue for at most `lingerMs` (or until `maxRecords`), go out in one request,
// and each caller's promise settles with that request's acknowledgement — never before. What
// arrives while a request is in flight goes out at once when it returns, so even lingerMs 0
// (the default) batches under load: a batch is whatever queued during one round trip.
//
// Every record is bounded by `deadlineMs` from the moment it was queued: past it, its request's
// records (and those queued behind) fail and take the spool, whatever kafkajs' own retries do.
// The bound counts the wait behind the request in flight too: a request that took 790 ms used to
// give the records queued behind it a fresh 800 ms of their own, so a webhook could wait twice
// the deadline before the spool took it (answers of 1.6 s while leaders moved, #20). A request
// is therefore given what is left of its oldest record's deadline, and none is sent for records
// whose deadline already passed. Kafka may still acknowledge a late request, so its records can
// reach the topic twice (same event id; the booker's ledger drops the second) but never not at
// all. `settled()` tells when no such request is left.

import { DeadlineExceededError } from '@booking/shared/errors';
import type { OutgoingRecord, RecordProducer } from '@booking/shared/kafka';
import { boundByDeadline } from '@booking/shared/lifecycle';
import type { IngestMetrics } from '../metrics.ts';

export interface BatchingProducerOptions {
  producer: RecordProducer;
  lingerMs: number;
  maxRecords: number;
  /** Longest a record may wait for Kafka (queued and in its request) before it fails to the spool. */
  deadlineMs: number;
  metrics: Pick<IngestMetrics, 'produceDuration'>;
}

export interface BatchingProducer {
  /** Resolves once Kafka acknowledged the record (acks=all); rejects if its request failed. */
  send(record: OutgoingRecord): Promise<void>;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
  /** Whether a record is queued or in flight right now. */
  busy(): boolean;
  /** Resolves once every request that missed its deadline has finished in kafkajs too. */
  settled(): Promise<void>;
}

interface Pending {
  record: OutgoingRecord;
  /** performance.now() when send() was called. */
  queuedAt: number;
  resolve(): void;
  reject(error: unknown): void;
}

export function createBatchingProducer(options: BatchingProducerOptions): BatchingProducer {
  let queue: Pending[] = [];
  // the scheduled flush, as its cancel function (a timer, or an immediate for lingerMs 0)
  let cancelFlush: (() => void) | undefined;
  let inFlight: Promise<void> | undefined;
  const overdue = new Set<Promise<void>>();

  async function sendBatch(batch: Pending[]): Promise<void> {
    const stopTimer = options.metrics.produceDuration.startTimer();
    // the batch is in queue order: its first record has waited longest
    const leftMs = Math.round((batch[0]?.queuedAt ?? 0) + options.deadlineMs - performance.now());
    try {
      if (leftMs <= 0) throw new DeadlineExceededError('Kafka produce (waiting behind the previous request)', options.deadlineMs);
      const { result, settled } = boundByDeadline(options.producer.send(batch.map((p) => p.record)), leftMs, 'Kafka produce');
      overdue.add(settled);
      void settled.then(() => overdue.delete(settled));
      await result;
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

  // lingerMs 0: after the webhooks parsed in this turn of the event loop, without a timer's 1 ms
  const scheduleFlush = (): (() => void) => {
    if (options.lingerMs === 0) {
      const immediate = setImmediate(flush);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(flush, options.lingerMs);
    return () => clearTimeout(timer);
  };

  function flush(): void {
    cancelFlush?.();
    cancelFlush = undefined;
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
        queue.push({ record, queuedAt: performance.now(), resolve, reject });
        if (queue.length >= options.maxRecords) flush();
        else if (!cancelFlush && !inFlight) cancelFlush = scheduleFlush();
      });
    },
    async idle() {
      while (inFlight || queue.length > 0) {
        if (!inFlight) flush();
        await inFlight;
      }
    },
    busy: () => inFlight !== undefined || queue.length > 0,
    async settled() {
      await Promise.all([...overdue]);
    },
  };
}
