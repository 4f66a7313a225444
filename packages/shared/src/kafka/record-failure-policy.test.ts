import { describe, expect, it } from 'vitest';
import { AppError, DependencyUnavailableError, InvalidEventError, SchemaUnknownError } from '../errors/index.ts';
import { classifyDecodeError } from '../registry/index.ts';
import { classifyRecordFailure, decodeRecords, failureReason } from './record-failure-policy.ts';
import type { ConsumedRecord } from './types.ts';

const record = (offset: number, value: string): ConsumedRecord => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  key: `k${offset}`,
  value: Buffer.from(value),
  headers: {},
  timestamp: '0',
});

describe('classifyRecordFailure', () => {
  it('when decoding or validation refused the record (InvalidEventError), then it is dead-lettered', () => {
    expect(classifyRecordFailure(new InvalidEventError('title is longer than 512 characters'))).toBe('dead-letter');
  });

  it.each([
    ['a dependency outage', new DependencyUnavailableError('schema registry unavailable')],
    ['an unknown schema id', new SchemaUnknownError('schema id 7 is unknown to the registry')],
    ['a plain Error', new Error('socket hang up')],
    ['a thrown string', 'boom'],
    ['an EVENT_INVALID marked retriable', new AppError('EVENT_INVALID', 'odd', { retriable: true })],
    ['another non-retriable code', new AppError('INTERNAL', 'bug')],
  ])('when the failure is %s, then the batch is retried, not dead-lettered', (_name, error) => {
    expect(classifyRecordFailure(error)).toBe('retry');
  });

  it('when a failure is labelled, then it is its error code, or UNKNOWN for errors that are not ours', () => {
    expect(failureReason(new SchemaUnknownError('x'))).toBe('SCHEMA_UNKNOWN');
    expect(failureReason(new Error('x'))).toBe('UNKNOWN');
  });
});

describe('classifyDecodeError', () => {
  it('when the registry answers 404 for the schema id, then it is an outage (SchemaUnknownError), not a bad record', () => {
    const error = classifyDecodeError(Object.assign(new Error('Schema not found'), { name: 'ResponseError', status: 404 }), 7);

    expect(error).toBeInstanceOf(SchemaUnknownError);
    expect(classifyRecordFailure(error)).toBe('retry');
  });

  it.each([
    ['a 503', Object.assign(new Error('unavailable'), { name: 'ResponseError', status: 503 })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
  ])('when the registry fails with %s, then it is DependencyUnavailableError', (_name, cause) => {
    expect(classifyDecodeError(cause, 7)).toBeInstanceOf(DependencyUnavailableError);
  });

  it('when the bytes do not match the schema, then the record is invalid', () => {
    expect(classifyDecodeError(new Error('truncated buffer'), 7)).toBeInstanceOf(InvalidEventError);
  });
});

describe('decodeRecords', () => {
  it('when one record is invalid, then it is set aside and the others keep their order', async () => {
    const decode = async (r: ConsumedRecord) => {
      if (r.value?.toString() === 'bad') throw new InvalidEventError('bad');
      return r.offset;
    };

    const result = await decodeRecords([record(0, 'a'), record(1, 'bad'), record(2, 'b')], decode, async () => {});

    expect(result.values).toEqual(['0', '2']);
    expect(result.deadLetters.map((d) => d.record.offset)).toEqual(['1']);
  });

  it('when a record fails with anything but proof, then the whole decode throws (the batch is retried)', async () => {
    const decode = async (r: ConsumedRecord) => {
      if (r.offset === '1') throw new SchemaUnknownError('schema id 9 is unknown to the registry');
      return r.offset;
    };

    await expect(decodeRecords([record(0, 'a'), record(1, 'b')], decode, async () => {})).rejects.toBeInstanceOf(
      SchemaUnknownError,
    );
  });

  it('when a batch is long, then it heartbeats every 500 records', async () => {
    let beats = 0;
    const records = Array.from({ length: 1200 }, (_, i) => record(i, 'a'));

    await decodeRecords(
      records,
      async (r) => r.offset,
      async () => void beats++,
    );

    expect(beats).toBe(2);
  });
});
