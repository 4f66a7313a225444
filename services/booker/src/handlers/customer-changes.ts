// Which customers a batch must actually write. Most bookings come from returning customers
// whose row already says what the record says; upserting them anyway costs a write (and an
// undo-log entry) per record. Pure: given the stored customers, it replays the upsert's merge
// rules (Cal.com overwrites what it carries, Retell only fills gaps) and keeps the keys whose
// row would change or does not exist yet.
import { CUSTOMER_DATA_FIELDS, type CustomerDataField } from '@booking/shared/orm';
import type { CustomerInput } from './types.ts';

export type StoredCustomer = Record<CustomerDataField, string | null>;

const FIELDS = CUSTOMER_DATA_FIELDS;

function merge(row: StoredCustomer, input: CustomerInput): StoredCustomer {
  const out = { ...row };
  for (const f of FIELDS) out[f] = input.mode === 'overwrite' ? (input[f] ?? row[f]) : (row[f] ?? input[f]);
  return out;
}

export function customersToWrite(inputs: CustomerInput[], stored: ReadonlyMap<string, StoredCustomer>): CustomerInput[] {
  const byKey = new Map<string, CustomerInput[]>();
  for (const input of inputs) byKey.set(input.key, [...(byKey.get(input.key) ?? []), input]);
  const out: CustomerInput[] = [];
  for (const [key, group] of byKey) {
    const row = stored.get(key);
    if (!row) {
      out.push(...group);
      continue;
    }
    // the upsert applies all overwrites of a key, then all fills
    const ordered = [...group.filter((c) => c.mode === 'overwrite'), ...group.filter((c) => c.mode === 'fill')];
    const merged = ordered.reduce(merge, row);
    if (FIELDS.some((f) => merged[f] !== row[f])) out.push(...group);
  }
  return out;
}
