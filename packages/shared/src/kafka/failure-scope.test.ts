import { describe, expect, it } from 'vitest';
import {
  AppError,
  DeadlineExceededError,
  DependencyUnavailableError,
  InvariantError,
  SchemaUnknownError,
} from '../errors/index.ts';
import { failureCode, failureScope } from './failure-scope.ts';

const withProps = (name: string, props: Record<string, unknown>, message = 'x') =>
  Object.assign(Object.assign(new Error(message), { name }), props);

describe('failureScope', () => {
  it.each([
    ['a dependency outage', new DependencyUnavailableError('database unavailable')],
    ['an unknown schema id', new SchemaUnknownError('schema id 7 is unknown')],
    ['a deadline', new DeadlineExceededError('produce', 5000)],
    ['schema drift', new AppError('SCHEMA_DRIFT', 'appointments.title differs')],
    ['a refused connection', withProps('Error', { code: 'ECONNREFUSED' })],
    ['a lost MariaDB connection', withProps('Error', { code: 'PROTOCOL_CONNECTION_LOST' })],
    ['a deadlock', withProps('Error', { errno: 1213, code: 'ER_LOCK_DEADLOCK' })],
    ['a lock wait timeout', withProps('Error', { errno: 1205, code: 'ER_LOCK_WAIT_TIMEOUT' })],
    ['a server shutting down', withProps('Error', { errno: 1053 })],
    ['a dropped column', withProps('Error', { errno: 1054, code: 'ER_BAD_FIELD_ERROR' })],
    ['MikroORM connection exception', withProps('ConnectionException', {})],
    ['MikroORM deadlock exception', withProps('DeadlockException', {})],
    ['a pool timeout', withProps('KnexTimeoutError', {}, 'Timeout acquiring a connection')],
    ['a kafkajs error', withProps('KafkaJSNumberOfRetriesExceeded', {})],
    ['a closed Redis connection', new Error('Connection is closed.')],
    ['a Redis replica that is loading', withProps('ReplyError', {}, 'LOADING Redis is loading the dataset in memory')],
    ['a plain Error caused by a reset socket', new Error('query failed', { cause: withProps('Error', { code: 'ECONNRESET' }) })],
  ])('when the failure is %s, then it is an outage', (_name, error) => {
    expect(failureScope(error)).toBe('outage');
  });

  it.each([
    ['a broken invariant', new InvariantError('appointment a was written but not found in the same transaction')],
    ['a SIGNAL from the database', withProps('Error', { errno: 1644, code: 'ER_SIGNAL_EXCEPTION' })],
    ['a value too long for its column', withProps('Error', { errno: 1406, code: 'ER_DATA_TOO_LONG' })],
    ['a TypeError in the handler', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'boom'],
  ])('when the failure is %s, then it may belong to the records', (_name, error) => {
    expect(failureScope(error)).toBe('record');
  });

  it('when errors cause each other in a cycle, then it still answers', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;

    expect(failureScope(a)).toBe('record');
  });
});

describe('failureCode', () => {
  it('when the error is ours, a driver error or neither, then it is our code, the driver code, or UNKNOWN', () => {
    expect(failureCode(new InvariantError('x'))).toBe('INVARIANT_BROKEN');
    expect(failureCode(withProps('Error', { code: 'ER_SIGNAL_EXCEPTION' }))).toBe('ER_SIGNAL_EXCEPTION');
    expect(failureCode(new Error('wrapped', { cause: withProps('Error', { code: 'ER_DATA_TOO_LONG' }) }))).toBe(
      'ER_DATA_TOO_LONG',
    );
    expect(failureCode(withProps('Error', { code: 'lower case is not a code' }))).toBe('UNKNOWN');
    expect(failureCode('boom')).toBe('UNKNOWN');
  });
});
