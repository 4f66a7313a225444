import { AppointmentSchema } from './appointment.ts';
import { CustomerSchema } from './customer.ts';
import { ProcessedEventSchema } from './processed-event.ts';

export type { Appointment } from './appointment.ts';
export type { Customer } from './customer.ts';
export type { ProcessedEvent } from './processed-event.ts';
export { AppointmentSchema, CustomerSchema, ProcessedEventSchema };

export const ENTITIES = [CustomerSchema, AppointmentSchema, ProcessedEventSchema];
