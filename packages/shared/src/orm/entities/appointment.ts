import { EntitySchema } from '@mikro-orm/core';

export interface Appointment {
  id: number;
  bookingUid: string;
  customerId: number | null;
  source: string;
  status: string;
  title: string | null;
  eventTypeId: number | null;
  teamId: number | null;
  startAt: Date | null;
  endAt: Date | null;
  timeZone: string | null;
  location: string | null;
  rescheduledFromUid: string | null;
  rescheduledToUid: string | null;
  cancellationReason: string | null;
  calcomBookingId: number | null;
  retellCallId: string | null;
  /** Cal.com's clock (epoch ms of the webhook envelope); 0 for rows only Retell has seen. */
  version: number;
  lastEventId: string | null;
  /** What the last applied change replaced, so that its change record can be produced again. */
  previousStartAt: Date | null;
  previousEventTypeId: number | null;
  previousCustomerId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

// customer_id is a plain column, not a relation: the booker writes it with set-based SQL and a
// foreign key would only add lock traffic on customers for every appointment write.
export const AppointmentSchema = new EntitySchema<Appointment>({
  name: 'Appointment',
  tableName: 'appointments',
  indexes: [
    { name: 'appointments_team_id_start_at_index', properties: ['teamId', 'startAt'] },
    { name: 'appointments_customer_id_start_at_index', properties: ['customerId', 'startAt'] },
    { name: 'appointments_event_type_id_start_at_index', properties: ['eventTypeId', 'startAt'] },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, unsigned: true, fieldName: 'id' },
    bookingUid: { type: 'string', length: 191, fieldName: 'booking_uid', unique: 'appointments_booking_uid_unique' },
    customerId: { type: 'integer', unsigned: true, nullable: true, fieldName: 'customer_id' },
    source: { type: 'string', length: 16, fieldName: 'source' },
    status: { type: 'string', length: 16, fieldName: 'status' },
    title: { type: 'string', length: 512, nullable: true, fieldName: 'title' },
    eventTypeId: { type: 'bigint', nullable: true, fieldName: 'event_type_id' },
    teamId: { type: 'bigint', nullable: true, fieldName: 'team_id' },
    startAt: { type: 'datetime', length: 3, nullable: true, fieldName: 'start_at' },
    endAt: { type: 'datetime', length: 3, nullable: true, fieldName: 'end_at' },
    timeZone: { type: 'string', length: 64, nullable: true, fieldName: 'time_zone' },
    location: { type: 'string', length: 1024, nullable: true, fieldName: 'location' },
    rescheduledFromUid: { type: 'string', length: 191, nullable: true, fieldName: 'rescheduled_from_uid' },
    rescheduledToUid: { type: 'string', length: 191, nullable: true, fieldName: 'rescheduled_to_uid' },
    cancellationReason: { type: 'text', nullable: true, fieldName: 'cancellation_reason' },
    calcomBookingId: { type: 'bigint', nullable: true, fieldName: 'calcom_booking_id' },
    retellCallId: { type: 'string', length: 128, nullable: true, fieldName: 'retell_call_id' },
    version: { type: 'bigint', fieldName: 'version' },
    lastEventId: { type: 'string', length: 64, nullable: true, fieldName: 'last_event_id' },
    previousStartAt: { type: 'datetime', length: 3, nullable: true, fieldName: 'previous_start_at' },
    previousEventTypeId: { type: 'bigint', nullable: true, fieldName: 'previous_event_type_id' },
    previousCustomerId: { type: 'integer', unsigned: true, nullable: true, fieldName: 'previous_customer_id' },
    createdAt: { type: 'datetime', length: 3, fieldName: 'created_at' },
    updatedAt: { type: 'datetime', length: 3, fieldName: 'updated_at' },
  },
});
