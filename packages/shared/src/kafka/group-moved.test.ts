import { KafkaJSConnectionError, KafkaJSError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { asGroupCallError, GroupMovedError, groupMoved } from './group-moved.ts';

/** A protocol error as kafkajs builds it from a broker's answer (protocol/error.js). */
function protocolError(type: string, code: number, message: string, retriable: boolean): Error {
  // the typings omit the (answer, options) constructor kafkajs itself uses
  const ProtocolError = KafkaJSProtocolError as unknown as new (e: unknown, o: unknown) => Error;
  return new ProtocolError({ type, code, message, retriable }, { retriable });
}

const notCoordinator = () =>
  protocolError('NOT_COORDINATOR_FOR_GROUP', 16, 'This is not the correct coordinator for this group', true);

describe('groupMoved', () => {
  it.each([
    ['NOT_COORDINATOR_FOR_GROUP', 16, 'This is not the correct coordinator for this group', true],
    ['GROUP_COORDINATOR_NOT_AVAILABLE', 15, 'The group coordinator is not available', true],
    ['REBALANCE_IN_PROGRESS', 27, 'The group is rebalancing, so a rejoin is needed', false],
    ['ILLEGAL_GENERATION', 22, 'Specified group generation id is not valid', false],
    ['UNKNOWN_MEMBER_ID', 25, 'The coordinator is not aware of this member', false],
  ] as const)('when kafkajs answers %s, then the group moved', (type, code, message, retriable) => {
    expect(groupMoved(protocolError(type, code, message, retriable))).toBe(true);
  });

  it('when kafkajs gave up retrying a commit on the old coordinator (the type only in the cause), then the group moved', () => {
    const exhausted = new KafkaJSNumberOfRetriesExceeded(notCoordinator(), { retryCount: 10, retryTime: 5000 });

    expect((exhausted as { type?: string }).type).toBeUndefined();
    expect(groupMoved(exhausted)).toBe(true);
  });

  it('when only the message is left (kafkajs wraps the protocol error in a KafkaJSError), then the group moved', () => {
    expect(groupMoved(new KafkaJSError('This is not the correct coordinator for this group'))).toBe(true);
  });

  it("when Kafka's own names (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE) are used, then the group moved", () => {
    expect(groupMoved(Object.assign(new Error('x'), { type: 'NOT_COORDINATOR' }))).toBe(true);
    expect(groupMoved(Object.assign(new Error('x'), { type: 'COORDINATOR_NOT_AVAILABLE' }))).toBe(true);
  });

  it('when the coordinator is only loading, a leader moved, a broker is unreachable or the database failed, then the group did not move (retry in place)', () => {
    const loading = protocolError(
      'GROUP_LOAD_IN_PROGRESS',
      14,
      "The coordinator is loading and hence can't process requests for this group",
      true,
    );
    const notLeader = protocolError(
      'NOT_LEADER_FOR_PARTITION',
      6,
      'This server is not the leader for that topic-partition',
      true,
    );
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9094');
    const database = Object.assign(new Error('Deadlock found'), { errno: 1213, code: 16 });
    const ours = new AppError('DEPENDENCY_UNAVAILABLE', 'database unavailable', { retriable: true });

    expect([loading, notLeader, refused, database, ours, 'text', undefined].map(groupMoved)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('asGroupCallError (a heartbeat or commit failed)', () => {
  it('when the coordinator answered NOT_COORDINATOR_FOR_GROUP, then kafkajs gets an error of that type, so that its runner rejoins', () => {
    const error = asGroupCallError(notCoordinator());

    expect(error).toBeInstanceOf(GroupMovedError);
    expect(error).toMatchObject({ type: 'NOT_COORDINATOR_FOR_GROUP' });
    expect(groupMoved(error)).toBe(true);
  });

  it('when kafkajs exhausted its retries on it, then the lost type is restored from the cause', () => {
    const exhausted = new KafkaJSNumberOfRetriesExceeded(
      protocolError('REBALANCE_IN_PROGRESS', 27, 'The group is rebalancing, so a rejoin is needed', false),
      {
        retryCount: 10,
        retryTime: 5000,
      },
    );

    expect(asGroupCallError(exhausted)).toMatchObject({ type: 'REBALANCE_IN_PROGRESS' });
  });

  it('when the coordinator broker cannot be reached (stopped), then kafkajs rejoins too: the coordinator it holds is gone', () => {
    const error = asGroupCallError(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9094'));

    expect(error).toMatchObject({ name: 'GroupMovedError', type: 'NOT_COORDINATOR_FOR_GROUP' });
  });

  it('when the call failed for another reason, then the error is returned unchanged', () => {
    const other = new Error('something else');

    expect(asGroupCallError(other)).toBe(other);
  });
});
