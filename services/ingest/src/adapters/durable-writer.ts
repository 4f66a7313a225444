// The one place that decides where a record goes, so that a 2xx always means "in Kafka or in
// the fsync'd spool" (DESIGN.md "Ingest: durable before 2xx").
//
// direct mode: records go through the coalescing producer; a failed request switches to
// spooling. spooling mode: records are appended to the spool — also once Kafka answers again,
// until the drainer has emptied the spool — so that a newer record of a booking never lands on
// the topic before an older, spooled one (compaction keeps the last record per key).
// A request that misses its deadline counts as failed (see batching-producer.ts), and a failed
// readiness probe of the broker switches to spooling before any request has to wait for it.
//
// Each record gets its `publish` span here, its context in the record's headers before the
// record goes either way: the spool keeps the headers, so a drained record still continues
// its webhook's trace (DESIGN.md "Tracing").
import type { OutgoingRecord } from '@booking/shared/kafka';
import type { Logger } from '@booking/shared/logger';
import { ATTR, failSpan, startPublishSpan } from '@booking/shared/tracing';
import type { IngestMetrics } from '../metrics.ts';
import type { BatchingProducer } from './batching-producer.ts';
import type { Spool } from './spool.ts';
import type { SpoolDrainer } from './spool-drainer.ts';
import { tracer } from './tracer.ts';

export interface DurableWriterOptions {
  batcher: BatchingProducer;
  spool: Spool;
  createDrainer: (onDrained: () => void) => SpoolDrainer;
  logger: Logger;
  metrics: Pick<IngestMetrics, 'spooledRecords'>;
}

export interface DurableWriter {
  /** Resolves when the record is acknowledged by Kafka or fsync'd to the spool; throws otherwise. */
  write(record: OutgoingRecord): Promise<{ spooled: boolean }>;
  /** Drains what an earlier run left in the spool. */
  start(): void;
  mode(): 'direct' | 'spooling';
  /** The broker probe failed: spool from now on, unless a request is queued or in flight (it decides). */
  kafkaLost(): void;
  /** The broker probe succeeded: retry the drain now instead of after its backoff. */
  kafkaBack(): void;
  /** Resolves once the writer produces directly again with an empty spool. */
  drained(): Promise<void>;
  /**
   * Waits for pending requests; with `drainWithinMs`, first gives a non-empty spool that long to
   * reach Kafka (drain on stop), then stops the drainer. What is left stays in the spool.
   */
  stop(options?: { drainWithinMs?: number }): Promise<void>;
}

async function settledWithin(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([promise, timeout]);
  clearTimeout(timer);
}

export function createDurableWriter(options: DurableWriterOptions): DurableWriter {
  const { batcher, spool, logger } = options;
  let mode: 'direct' | 'spooling' = 'direct';
  let waiters: (() => void)[] = [];
  const drained = () => (mode === 'direct' ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)));
  const drainer = options.createDrainer(() => {
    mode = 'direct';
    logger.info('spool empty; producing to Kafka directly');
    for (const resolve of waiters) resolve();
    waiters = [];
  });

  function enterSpooling(cause?: unknown): void {
    if (mode === 'spooling') return;
    mode = 'spooling';
    logger.warn({ err: cause }, 'Kafka unavailable; spooling records until it is back');
    drainer.kick();
  }

  async function writeDurably(record: OutgoingRecord): Promise<{ spooled: boolean }> {
    if (mode === 'direct') {
      try {
        await batcher.send(record);
        return { spooled: false };
      } catch (error) {
        enterSpooling(error);
      }
    }
    await spool.append(record);
    options.metrics.spooledRecords.inc();
    return { spooled: true };
  }

  return {
    async write(record) {
      const publish = startPublishSpan(tracer, record);
      if (!publish.span) return writeDurably(record);
      try {
        const written = await writeDurably(publish.record);
        publish.span.setAttribute(ATTR.spooled, written.spooled);
        return written;
      } catch (error) {
        failSpan(publish.span, error);
        throw error;
      } finally {
        publish.span.end();
      }
    },
    start() {
      if (!spool.isEmpty()) enterSpooling();
    },
    mode: () => mode,
    kafkaLost() {
      // switching while a request is pending could put its records in the spool after newer ones
      if (!batcher.busy()) enterSpooling(new Error('Kafka readiness probe failed'));
    },
    kafkaBack: () => drainer.wake(),
    drained,
    async stop(options = {}) {
      await batcher.idle();
      // Intake has stopped. A pod that leaves for good (scale-in) hands its spool to nobody until
      // the same ordinal returns, so drain now if Kafka answers; wake skips the drainer's backoff.
      if (mode === 'spooling' && options.drainWithinMs) {
        drainer.wake();
        await settledWithin(drained(), options.drainWithinMs);
        if (mode === 'spooling') logger.warn({ drainWithinMs: options.drainWithinMs }, 'stopping with records in the spool');
      }
      await drainer.stop();
    },
  };
}
