import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../errors/index.ts';
import { toDlqRecord } from './dlq.ts';

describe('toDlqRecord', () => {
  it('keeps the original key, value and headers and adds where and why it failed', () => {
    const record = {
      topic: 'bookings.calcom',
      partition: 2,
      offset: '41',
      key: 'uid-1',
      value: Buffer.from([1, 2]),
      headers: { source: 'calcom' },
      timestamp: '0',
    };

    const dlq = toDlqRecord(record, new InvalidEventError('startTime is missing'), 'booker', Date.UTC(2026, 0, 2));

    expect(dlq).toEqual({
      topic: 'bookings.dlq',
      key: 'uid-1',
      value: Buffer.from([1, 2]),
      headers: {
        source: 'calcom',
        'error-class': 'InvalidEventError',
        'error-message': 'startTime is missing',
        'error-code': 'EVENT_INVALID',
        disposition: 'dead-lettered',
        'source-topic': 'bookings.calcom',
        'source-partition': '2',
        'source-offset': '41',
        'failed-at': '2026-01-02T00:00:00.000Z',
        'consumer-group': 'booker',
      },
    });
  });

  it('when the record has no value, then the DLQ record has an empty value rather than none', () => {
    const record = { topic: 't', partition: 0, offset: '0', key: null, value: null, headers: {}, timestamp: '0' };

    expect(toDlqRecord(record, 'boom', 'g').value).toEqual(Buffer.alloc(0));
  });
});
