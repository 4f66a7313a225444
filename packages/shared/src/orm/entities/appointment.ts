import { EntitySchema } from '@mikro-orm/core';
import { APPOINTMENT_PREVIOUS_FIELDS, APPOINTMENT_STATE_FIELDS } from '../../events/appointment-fields.ts';
import { type EntityValues, entityProperties, entityProperty } from './field-properties.ts';

/** version: Cal.com's clock (epoch ms of the webhook envelope); 0 for rows only Retell has seen. */
export interface Appointment extends EntityValues<typeof APPOINTMENT_STATE_FIELDS & typeof APPOINTMENT_PREVIOUS_FIELDS> {
  id: number;
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
  },
});
