import { describe, expect, it } from 'vitest';
import { customersToWrite } from './customer-changes.ts';
import type { CustomerInput } from './types.ts';

const ada: CustomerInput = { key: 'ada@example.com', email: 'ada@example.com', phone: '+491', name: 'Ada', mode: 'overwrite' };
const stored = new Map([['ada@example.com', { email: 'ada@example.com', phone: '+491', name: 'Ada' }]]);

describe('customersToWrite', () => {
  it('when a returning customer carries what the row already says, then nothing is written', () => {
    expect(customersToWrite([ada], stored)).toEqual([]);
  });

  it('when the customer is new, then it is written', () => {
    expect(customersToWrite([{ ...ada, key: 'new@example.com' }], stored)).toHaveLength(1);
  });

  it('when a Cal.com record changes a field, then it is written', () => {
    expect(customersToWrite([{ ...ada, name: 'Ada Lovelace' }], stored)).toHaveLength(1);
  });

  it('when a Cal.com record lacks a field, then the stored one stays and nothing is written', () => {
    expect(customersToWrite([{ ...ada, phone: null }], stored)).toEqual([]);
  });

  it('when a Retell record would only fill a field the row already has, then nothing is written', () => {
    expect(customersToWrite([{ ...ada, name: 'Someone else', mode: 'fill' }], stored)).toEqual([]);
  });

  it('when a Retell record fills an empty field, then it is written', () => {
    const noPhone = new Map([['ada@example.com', { email: 'ada@example.com', phone: null, name: 'Ada' }]]);

    expect(customersToWrite([{ ...ada, mode: 'fill' }], noPhone)).toHaveLength(1);
  });
});
