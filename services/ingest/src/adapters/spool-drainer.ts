// Produces spooled records to Kafka, oldest segment first and in file order, and deletes a
// segment only after all of its records are acknowledged. While Kafka stays down it retries
// with capped exponential backoff; each attempt is also the probe that notices Kafka is back.
import type { OutgoingRecord, RecordProducer } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import type { Spool } from './spool.ts';

export interface SpoolDrainerOptions {
  spool: Spool;
  producer: RecordProducer;
  logger: Logger;
  batchRecords: number;
  /** Called synchronously when the spool is empty: no append can slip in between check and call. */
  onDrained: () => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Awaited before each attempt: produce requests of the request path that missed their deadline
   * must finish first, so that a late acknowledgement cannot put an older record of a booking
   * on the topic after a newer one from the spool.
   */
  beforeAttempt?: () => Promise<void>;
}

export interface SpoolDrainer {
  /** Starts draining unless it is already running. */
  kick(): void;
  /** Ends a backoff pause now (Kafka looks reachable again). */
  wake(): void;
  stop(): Promise<void>;
}

export function createSpoolDrainer(options: SpoolDrainerOptions): SpoolDrainer {
  const { spool, producer, logger } = options;
  const initialBackoff = options.initialBackoffMs ?? 200;
  const maxBackoff = options.maxBackoffMs ?? 5000;
  // records of a segment already acknowledged, so a retry after a failure does not resend them
  const acknowledged = new Map<string, number>();
  let loop: Promise<void> | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function drainSegment(segment: string): Promise<void> {
    const records = await spool.read(segment);
    let done = acknowledged.get(segment) ?? 0;
    while (done < records.length && !stopped) {
      const chunk: OutgoingRecord[] = records.slice(done, done + options.batchRecords);
      await producer.send(chunk);
      done += chunk.length;
      acknowledged.set(segment, done);
    }
    if (done < records.length) return;
    await spool.remove(segment);
    acknowledged.delete(segment);
    logger.info({ segment, records: records.length }, 'spool segment drained');
  }

  async function run(): Promise<void> {
    let backoff = initialBackoff;
    while (!stopped) {
      try {
        await options.beforeAttempt?.();
        const segments = await spool.seal();
        if (segments.length === 0 && spool.isEmpty()) {
          options.onDrained();
          return;
        }
        for (const segment of segments) {
          if (stopped) return;
          await drainSegment(segment);
        }
        backoff = initialBackoff;
      } catch (error) {
        logger.warn({ err: error, retryInMs: backoff }, 'spool drain failed; retrying');
        await pause(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  }

  return {
    kick() {
      if (loop || stopped) return;
      loop = run().finally(() => {
        loop = undefined;
      });
    },
    wake: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
