// Whether a failure means "the group moved" — its coordinator changed or went away, or the
// group is rebalancing — so that the batch must go back to kafkajs at once to rejoin, instead
// of being retried in place, isolated or parked (DESIGN.md "Consumer error policy", #20).
//
// Why the adapter has to do this (kafkajs 2.2.4): a member keeps the coordinator it found when
// it joined (consumerGroup.coordinator, and the offset manager's copy made at sync). Nothing
// looks the coordinator up again except a rejoin (joinAndSync → findGroupCoordinator), and the
// runner rejoins only when eachBatch rejects with an error whose `type` is REBALANCE_IN_PROGRESS,
// NOT_COORDINATOR_FOR_GROUP, ILLEGAL_GENERATION (errors.js isRebalancing) or UNKNOWN_MEMBER_ID.
// consumer.commitOffsets retries NOT_COORDINATOR_FOR_GROUP against the same old broker (10
// retries, ~30 s with our retry settings), then wraps it in KafkaJSNumberOfRetriesExceeded,
// whose `type` is gone: the runner crashes instead of rejoining, the consumer is restarted a
// minute after the coordinator moved (tulios/kafkajs#1152). A heartbeat or commit to a
// coordinator broker that stopped fails with a connection error, which kafkajs retries on the
// same dead broker likewise.
import kafkajs, { type KafkaJSErrorMetadata } from 'kafkajs';

// kafkajs (CommonJS) spreads its errors into module.exports, which Node cannot name for an ES
// import: `import { KafkaJSError }` fails to load outside vitest
const { KafkaJSError } = kafkajs;

/** kafkajs' names (KafkaJSProtocolError.type) and Kafka's (the Java client's) for the same codes. */
const GROUP_MOVED_TYPES = new Set([
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_COORDINATOR',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_NOT_AVAILABLE',
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

/** Kafka protocol error codes: 15 coordinator not available, 16 not coordinator, 22, 25, 27. */
const GROUP_MOVED_CODES = new Set([15, 16, 22, 25, 27]);

/** The messages kafkajs gives those codes, for wrappers that keep the message only (KafkaJSError(e)). */
const GROUP_MOVED_MESSAGES = new Set([
  'This is not the correct coordinator for this group',
  'The group coordinator is not available',
  'The group is rebalancing, so a rejoin is needed',
  'Specified group generation id is not valid',
  'The coordinator is not aware of this member',
]);

/** Types after which kafkajs' runner rejoins (runner.js scheduleFetchManager). */
const REJOIN_TYPES = new Set(['NOT_COORDINATOR_FOR_GROUP', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

/** kafkajs' errors of a broker that cannot be reached (closed, refused, timed out, gone from metadata). */
const UNREACHABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
]);

function* chain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let e = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e;
  }
}

function saysGroupMoved(e: unknown): boolean {
  if (e instanceof GroupMovedError) return true;
  if (!(e instanceof Error)) return false;
  const { type, code } = e as { type?: unknown; code?: unknown };
  if (typeof type === 'string' && GROUP_MOVED_TYPES.has(type)) return true;
  if (typeof code === 'number' && GROUP_MOVED_CODES.has(code) && e.name.startsWith('KafkaJS')) return true;
  return GROUP_MOVED_MESSAGES.has(e.message);
}

/** True when the error, or any error it was caused by, says the group's coordinator or generation changed. */
export function groupMoved(error: unknown): boolean {
  for (const e of chain(error)) if (saysGroupMoved(e)) return true;
  return false;
}

/**
 * What a heartbeat or an offset commit failed with, as kafkajs' runner must see it to rejoin.
 * These two requests go to the coordinator only, so besides "group moved" a broker that cannot
 * be reached there means the same: the coordinator we hold is gone. Any other error is returned
 * as it is.
 */
export function asGroupCallError(error: unknown): unknown {
  if (error instanceof GroupMovedError) return error;
  if (groupMoved(error)) return new GroupMovedError(error);
  for (const e of chain(error)) if (e instanceof Error && UNREACHABLE_NAMES.has(e.name)) return new GroupMovedError(error);
  return error;
}

/**
 * The group moved: carries the `type` kafkajs' runner rejoins on — the original's when it has
 * one, else NOT_COORDINATOR_FOR_GROUP (the coordinator we hold is not, or no longer reachable
 * as, the group's). A KafkaJSError, so that kafkajs does not log it as a failure of eachBatch.
 */
export class GroupMovedError extends KafkaJSError {
  override readonly name = 'GroupMovedError';
  readonly type: string;
  constructor(cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    // kafkajs' KafkaJSError keeps `cause` (errors.js); its typings do not list it
    super(`the consumer group moved, rejoining: ${message}`, { retriable: true, cause } as KafkaJSErrorMetadata);
    this.type = originalRejoinType(cause) ?? 'NOT_COORDINATOR_FOR_GROUP';
  }
}

function originalRejoinType(error: unknown): string | undefined {
  for (const e of chain(error)) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && REJOIN_TYPES.has(type)) return type;
  }
  return undefined;
}
