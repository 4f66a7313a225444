// The Kafka adapter of the consumer services (booker, cache invalidator).
//
// Steps per batch (consumeBatch): view (./view-batch.ts) → retry in place (./retry-in-place.ts)
// around decode, dead-letter and handle → commit → lag (./consumer-lag.ts); restarts after a
// crash in ./keep-consuming.ts.
//
// Protocol per batch (one topic-partition): decode every record → produce the records proven
// bad to the DLQ (acks=all) and count them → hand the decoded ones to the handler → commit
// `lastOffset + 1`. Auto-commit is off, so nothing is ever committed past work that did not
// finish: delivery is at least once and handlers must be idempotent.
//
// Grouping (./coalescer.ts): the batches kafkajs hands over at the same time (one fetch, up to
// `concurrentPartitions` of them) reach the handler together in one `handleBatches` call, and
// their offsets go out in one commit. One group is handled at a time.
//
// Error policy, the only one of the consumer services (DESIGN.md "Consumer error policy"): a
// record whose decode throws a non-retriable EVENT_INVALID is proven bad and dead-lettered
// (./record-failure-policy.ts). When the handler fails, the failure is an outage — an error
// that says so (./failure-scope.ts: connection, timeout, deadlock, lock wait, a retriable or
// environment code, kafkajs) or a dependency probe that fails right now — or it belongs to the
// records. An outage retries the whole batch in place with exponential backoff, heartbeating
// so the group keeps the partition, with the state "retrying" (readiness false) until it
// succeeds: a DLQ that swallows an outage loses data. A record failure is narrowed down
// (./isolate-failures.ts): everything else of the group is applied and committed, and the
// record that fails alone is parked in the DLQ (`disposition: parked`), counted and alerted.
// A failure that says the group moved (./group-moved.ts: the coordinator changed or cannot be
// reached, a rebalance) is none of these: the batch goes back to kafkajs at once, which finds
// the coordinator again and rejoins; nothing is retried in place, isolated or parked (#20).
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { Logger } from 'pino';
import type { BatchConsumer, BatchConsumerOptions, ConsumerState } from './batch-consumer-options.ts';
import { createCoalescer } from './coalescer.ts';
import { createConsumerLag } from './consumer-lag.ts';
import { toDlqRecord } from './dlq.ts';
import { failureCode, failureScope } from './failure-scope.ts';
import { asGroupCallError, groupMoved } from './group-moved.ts';
import { handleIsolating } from './isolate-failures.ts';
import { keepConsuming } from './keep-consuming.ts';
import { deadLetterReason, decodeRecords, failureReason, toDeadLetterRecords } from './record-failure-policy.ts';
import { retryInPlace } from './retry-in-place.ts';
import type { ConsumedBatch, ConsumedRecord, DecodedBatch } from './types.ts';
import { viewBatch } from './view-batch.ts';

export type { BatchConsumer, BatchConsumerOptions, ConsumerState, DeadLetterOptions } from './batch-consumer-options.ts';
export type { DecodedBatch } from './types.ts';

interface PendingCommit {
  topic: string;
  partition: number;
  offset: string;
  /** The batch's commit: straight to the coordinator, without kafkajs' retries. */
  commitOnce: EachBatchPayload['commitOffsetsIfNecessary'];
}

/** `[{ topic, partition, offset }]` as kafkajs' Offsets (one entry per topic). */
function byTopic(offsets: { topic: string; partition: number; offset: string }[]) {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets) topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset }]);
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

export function createBatchConsumer<T>(options: BatchConsumerOptions<T>): BatchConsumer {
  const newConsumer = (): Consumer =>
    options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // 10 s rather than kafkajs' 30 s: a member that died without leaving (crash, SIGKILL,
      // missed shutdown deadline) blocks its partitions, and the next member's join, that long.
      // Heartbeats run inside long batches and between retries, at most 5 s apart, so the session
      // cannot go lower without evicting members that are merely retrying. Heartbeating every 1 s
      // (not 3 s) lets the survivors notice the rebalance sooner, and a member that does not rejoin
      // within 20 s (kafkajs: 60 s) is dropped instead of holding the whole group.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 20_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
      maxWaitTimeInMs: 100,
      // every crash is restarted by keepConsuming (./keep-consuming.ts), never by kafkajs, which
      // skips the errors it deems non-retriable and then never consumes again
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5000, restartOnFailure: async () => false },
    });
  let consumer: Consumer = newConsumer();
  let state: ConsumerState = 'stopped';
  let started = false;
  const lag = createConsumerLag(options.groupId, options.metrics?.lag);

  const mayIsolate = async (error: unknown) => {
    if (groupMoved(error) || failureScope(error) === 'outage') return false;
    const down = await options.unavailableDependency?.();
    if (down) return false;
    options.logger.warn(
      { err: error, code: failureCode(error) },
      'a group failed with every dependency up: isolating the record',
    );
    return true;
  };
  const park = async (record: ConsumedRecord, error: unknown) => {
    const { producer, topic, onParked } = options.deadLetter;
    await producer.send([{ ...toDlqRecord(record, error, options.groupId, Date.now(), 'parked'), topic }]);
    options.metrics?.parked?.inc({ reason: failureCode(error) });
    options.logger.error(
      { topic: record.topic, partition: record.partition, offset: record.offset, code: failureCode(error), err: error },
      'record parked in the DLQ: it fails on its own',
    );
    onParked?.(record, error);
  };
  const groups = createCoalescer<DecodedBatch<T>>({
    run: (batches) => handleIsolating(batches, { handle: options.handleBatches, mayIsolate, park }),
    weight: (batch) => batch.records.length,
    maxWeight: options.maxGroupRecords ?? 5_000,
  });
  // Committed through the batch's own commit (kafkajs consumerGroup.commitOffsets), not
  // consumer.commitOffsets: that one retries NOT_COORDINATOR_FOR_GROUP ten times on the
  // coordinator found at join time and then hides the error's type, so kafkajs restarts instead
  // of rejoining (./group-moved.ts). Any other failure still gets kafkajs' retries there.
  const commits = createCoalescer<PendingCommit>({
    run: async (pending) => {
      const offsets = pending.map(({ topic, partition, offset }) => ({ topic, partition, offset }));
      try {
        await pending[0]?.commitOnce({ topics: byTopic(offsets) });
      } catch (error) {
        const rejoin = asGroupCallError(error);
        if (rejoin !== error) throw rejoin;
        await consumer.commitOffsets(offsets).catch((again: unknown) => {
          throw asGroupCallError(again);
        });
      }
    },
  });

  // Dead letters are acknowledged before the handler runs, so that whatever the handler
  // signals (tests, progress) already includes them; a retried batch may produce a second copy.
  async function processOnce(batch: ConsumedBatch, log: () => Logger): Promise<void> {
    const { values, decodedFrom, deadLetters } = await decodeRecords(batch.records, options.decode, batch.heartbeat);
    if (deadLetters.length > 0) {
      const { producer, topic, onDeadLettered } = options.deadLetter;
      await producer.send(toDeadLetterRecords(deadLetters, topic, options.groupId, Date.now()));
      onDeadLettered?.(deadLetters.length);
      for (const { record, error } of deadLetters) {
        options.metrics?.dlq?.inc({ reason: deadLetterReason(error) });
        log().warn({ offset: record.offset, err: error }, 'record sent to the DLQ');
      }
    }
    await groups.submit({ ...batch, values, decodedFrom, deadLettered: deadLetters.length });
  }

  // stop() waits for the batch in flight to commit before it disconnects: a commit sent while
  // kafkajs is already leaving the group can be lost, and the next member would redo the batch.
  let stopping = false;
  const inFlight = new Set<Promise<unknown>>();
  function eachBatch(payload: EachBatchPayload): Promise<void> {
    if (stopping) return Promise.resolve();
    const run = consumeBatch(payload);
    const settled = run.catch(() => undefined);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return run;
  }

  // view → retry in place → commit → lag
  async function consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const fetchedAt = performance.now();
    // heartbeats go to the coordinator only: one that fails there means the group moved
    const heartbeat = () => payload.heartbeat().catch((error: unknown) => Promise.reject(asGroupCallError(error)));
    const view = { ...viewBatch(payload), heartbeat };
    // Fetched before a rebalance or a seek and handed over after it: whoever owns the partition
    // now reads these records again, so applying them here is work done twice and a commit
    // racing the new owner's (#20 "no work started after a revoke").
    if (!view.isRunning()) return;
    // made only when a line is written: a pino child (its bindings serialised and redacted) per
    // batch cost the invalidator 5 % of its CPU, and a group holds up to 24 batches
    let child: Logger | undefined;
    const log = () =>
      (child ??= options.logger.child({ topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset() }));
    const outcome = await retryInPlace({
      attempt: () => processOnce(view, log),
      owned: view.isRunning,
      stopping: () => stopping,
      heartbeat,
      maxBackoffMs: options.maxBackoffMs ?? 5_000,
      onFailure(error, attempt, backoffMs) {
        state = 'retrying';
        options.metrics?.retries?.inc({ reason: failureReason(error) });
        options.onRetry?.(error, view);
        lag.set(batch.topic, batch.partition, batch.highWatermark, batch.firstOffset() ?? batch.lastOffset());
        log().warn({ err: error, attempt, backoffMs }, 'batch failed, retrying');
      },
    });
    if (outcome === 'stopping') return;
    state = 'running';
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    payload.resolveOffset(batch.lastOffset());
    await commits.submit({
      topic: batch.topic,
      partition: batch.partition,
      offset: next,
      commitOnce: payload.commitOffsetsIfNecessary,
    });
    options.onCommitted?.({ topic: batch.topic, partition: batch.partition, nextOffset: next });
    lag.set(batch.topic, batch.partition, batch.highWatermark, next);
    // kafkajs fetches again once every batch of this fetch has returned: the whole fetch lingers
    const rest = (options.lingerMs ?? 0) - (performance.now() - fetchedAt);
    if (rest > 0 && !stopping) await new Promise((resolve) => setTimeout(resolve, rest));
  }

  // Ready only once the group has assigned partitions to this member, not when run() resolves.
  async function runConsumer(c: Consumer): Promise<void> {
    state = 'starting';
    c.on(c.events.CRASH, ({ payload }) => {
      if (c !== consumer || stopping) return;
      state = 'stopped';
      restarts.crashed(payload.error);
    });
    c.on(c.events.GROUP_JOIN, ({ payload }) => {
      if (c !== consumer) return;
      lag.keepOnly(payload.memberAssignment);
      restarts.joined();
      if (state === 'starting') state = 'running';
    });
    await c.connect();
    await c.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.concurrentPartitions ?? 1,
      eachBatch,
    });
  }
  const restarts = keepConsuming({
    logger: options.logger,
    maxStoppedMs: options.maxStoppedMs,
    onGiveUp: options.onFatal,
    async startConsumer() {
      // the crashed one disconnected itself (kafkajs onCrash); a failed start may still hold a connection
      await consumer.disconnect().catch(() => undefined);
      consumer = newConsumer();
      await runConsumer(consumer).catch((error: unknown) => {
        state = 'stopped';
        throw error;
      });
    },
  });

  return {
    async start() {
      started = true;
      stopping = false;
      await runConsumer(consumer);
    },
    async stop() {
      if (!started) return;
      started = false;
      stopping = true;
      restarts.close();
      await Promise.all([...inFlight]);
      await consumer.disconnect();
      state = 'stopped';
    },
    liveness: () => restarts.liveness(),
    state: () => state,
  };
}
