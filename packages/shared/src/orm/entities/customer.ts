import { EntitySchema } from '@mikro-orm/core';
import { CUSTOMER_FIELDS } from '../../events/appointment-fields.ts';
import { type EntityValues, entityProperties, entityProperty } from './field-properties.ts';

/** customerKey: customerKey(email, phone) of the booker, compared byte for byte */
export interface Customer extends EntityValues<typeof CUSTOMER_FIELDS> {
  id: number;
  createdAt: Date;
  updatedAt: Date;
}

export const CustomerSchema = new EntitySchema<Customer>({
  name: 'Customer',
  tableName: 'customers',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, unsigned: true, fieldName: 'id' },
    ...entityProperties(CUSTOMER_FIELDS),
    customerKey: { ...entityProperty(CUSTOMER_FIELDS.customerKey), unique: 'customers_customer_key_unique' },
    createdAt: { type: 'datetime', length: 3, fieldName: 'created_at' },
    updatedAt: { type: 'datetime', length: 3, fieldName: 'updated_at' },
  },
});
