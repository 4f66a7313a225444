import { EntitySchema } from '@mikro-orm/core';
import { APPOINTMENT_PREVIOUS_FIELDS, APPOINTMENT_STATE_FIELDS } from '../../events/appointment-fields.ts';
import { entityProperties, entityProperty } from './field-properties.ts';

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
    ...entityProperties(APPOINTMENT_STATE_FIELDS),
    bookingUid: { ...entityProperty(APPOINTMENT_STATE_FIELDS.bookingUid), unique: 'appointments_booking_uid_unique' },
    ...entityProperties(APPOINTMENT_PREVIOUS_FIELDS),
    createdAt: { type: 'datetime', length: 3, fieldName: 'created_at' },
    updatedAt: { type: 'datetime', length: 3, fieldName: 'updated_at' },
  } as never,
});
