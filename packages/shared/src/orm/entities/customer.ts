import { EntitySchema } from '@mikro-orm/core';

export interface Customer {
  id: number;
  /** lower-cased email, else the phone in E.164 */
  customerKey: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const CustomerSchema = new EntitySchema<Customer>({
  name: 'Customer',
  tableName: 'customers',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, unsigned: true, fieldName: 'id' },
    customerKey: { type: 'string', length: 320, fieldName: 'customer_key', unique: 'customers_customer_key_unique' },
    email: { type: 'string', length: 320, nullable: true, fieldName: 'email' },
    phone: { type: 'string', length: 32, nullable: true, fieldName: 'phone' },
    name: { type: 'string', length: 255, nullable: true, fieldName: 'name' },
    createdAt: { type: 'datetime', length: 3, fieldName: 'created_at' },
    updatedAt: { type: 'datetime', length: 3, fieldName: 'updated_at' },
  },
});
