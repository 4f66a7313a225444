import { EntitySchema } from '@mikro-orm/core';
import { PROCESSED_EVENT_FIELDS } from '../../events/appointment-fields.ts';
import { entityProperty } from './field-properties.ts';

export interface ProcessedEvent {
  eventId: string;
  bookingUid: string;
  outcome: string;
  topic: string;
  partition: number;
  offset: number;
  processedAt: Date;
}

export const ProcessedEventSchema = new EntitySchema<ProcessedEvent>({
  name: 'ProcessedEvent',
  tableName: 'processed_events',
  indexes: [{ name: 'processed_events_processed_at_index', properties: ['processedAt'] }],
  properties: {
    eventId: { ...entityProperty(PROCESSED_EVENT_FIELDS.eventId), primary: true },
    bookingUid: entityProperty(PROCESSED_EVENT_FIELDS.bookingUid),
    outcome: { type: 'string', length: 16, fieldName: 'outcome' },
    topic: { type: 'string', length: 249, fieldName: 'topic' },
    partition: { type: 'integer', fieldName: 'partition' },
    offset: { type: 'bigint', fieldName: 'offset' },
    processedAt: { type: 'datetime', length: 3, fieldName: 'processed_at' },
  },
});
