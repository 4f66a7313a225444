// The customers row's columns for the booker's SQL, derived from the field table's
// CUSTOMER_FIELDS: the key, and the data fields a booking's record carries and merges.
import { CUSTOMER_FIELDS } from '../events/appointment-fields.ts';

/** The customer fields besides the key, in the table's order (email, phone, name). */
export const CUSTOMER_DATA_FIELDS = (Object.keys(CUSTOMER_FIELDS) as (keyof typeof CUSTOMER_FIELDS)[]).filter(
  (f): f is Exclude<keyof typeof CUSTOMER_FIELDS, 'customerKey'> => f !== 'customerKey',
);
export type CustomerDataField = (typeof CUSTOMER_DATA_FIELDS)[number];

export const CUSTOMER_KEY_COLUMN = CUSTOMER_FIELDS.customerKey.column;
/** Column of each data field. */
export const customerColumn = (field: CustomerDataField) => CUSTOMER_FIELDS[field].column;
