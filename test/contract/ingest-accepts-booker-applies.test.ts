// The invariant of issue #10, as a property (pure, no I/O): for generated hostile webhook
// bodies, the ingest accepts => the record survives Avro encoding, the booker's decoder accepts
// it, and every row and customer it implies fits the field table's columns. A 202 is a promise.
import { assertUsable, calcomCustomer, mergeRetell, rescheduledOldState, retellCustomer, stateFromCalcom } from '@booking/booker';
import { parseCalcomWebhook, parseRetellWebhook } from '@booking/ingest';
import { ingestSchema, loadConfig } from '@booking/shared/config';
import { isAppError } from '@booking/shared/errors';
import {
  appointmentStateProblems,
  type BookingStateV1,
  bookingStateV1,
  CUSTOMER_FIELDS,
  type VoiceBookingV1,
  valueProblem,
  voiceBookingV1,
} from '@booking/shared/events';
import avro from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileCalcomBody, hostileRetellBody } from './hostile-webhooks.ts';

// Runs of each property; the hostile run against a real ingest and booker sends thousands more.
const RUNS = 1500;
// Generous: thousands of bodies up to 66 kB on a shared two-core machine.
const TIMEOUT_MS = 120_000;
const calcomType = avro.Type.forSchema(bookingStateV1.schema as avro.Schema);
const retellType = avro.Type.forSchema(voiceBookingV1.schema as avro.Schema);
const uidPaths = loadConfig(ingestSchema, {}).RETELL_BOOKING_UID_PATHS;
const context = { eventId: 'e'.repeat(64), receivedAt: 1_741_598_000_000, timestamp: 1_741_598_000_000, uidPaths };

/** What the ingest answers: a record it would write (202), or null for a 400 or an ignored trigger. */
function ingest<T>(parse: () => { kind: string; record?: T }): T | null {
  try {
    const parsed = parse();
    return parsed.kind === 'record' ? (parsed.record as T) : null;
  } catch (error) {
    if (isAppError(error) && error.code === 'EVENT_INVALID' && error.details.every((d) => d.field)) return null;
    throw error;
  }
}

/** Through Kafka: Avro bytes in the value, the UID as the UTF-8 key. */
function roundTrip<T extends { bookingUid: string }>(type: avro.Type, record: T): { key: string; value: T } {
  return { key: Buffer.from(record.bookingUid, 'utf8').toString('utf8'), value: type.fromBuffer(type.toBuffer(record)) as T };
}

function expectCustomerFits(customer: { key: string; email: string | null; phone: string | null; name: string | null } | null) {
  if (!customer) return;
  expect(valueProblem(CUSTOMER_FIELDS.customerKey, customer.key)).toBeUndefined();
  expect(valueProblem(CUSTOMER_FIELDS.email, customer.email)).toBeUndefined();
  expect(valueProblem(CUSTOMER_FIELDS.phone, customer.phone)).toBeUndefined();
  expect(valueProblem(CUSTOMER_FIELDS.name, customer.name)).toBeUndefined();
}

describe('ingest accepts => booker applies', () => {
  it(
    'when a hostile Cal.com webhook is accepted, then the booker decodes it and its rows fit the table',
    () => {
      fc.assert(
        fc.property(hostileCalcomBody, (body) => {
          const record = ingest<BookingStateV1>(() => parseCalcomWebhook(Buffer.from(JSON.stringify(body)), context));
          if (!record) return;
          const { key, value } = roundTrip(calcomType, record);

          expect(() => assertUsable(key, 'calcom', value)).not.toThrow();
          const state = stateFromCalcom(value, null, 1);
          expect(appointmentStateProblems(state)).toEqual([]);
          expect(state.endAt as number).toBeGreaterThan(state.startAt as number);
          if (value.rescheduledFromUid) expect(appointmentStateProblems(rescheduledOldState(value, null))).toEqual([]);
          expectCustomerFits(calcomCustomer(value));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'when a hostile Retell webhook is accepted, then the booker decodes it and its row fits the table',
    () => {
      fc.assert(
        fc.property(hostileRetellBody, (body) => {
          const record = ingest<VoiceBookingV1>(() => parseRetellWebhook(Buffer.from(JSON.stringify(body)), context));
          if (!record) return;
          const { key, value } = roundTrip(retellType, record);

          expect(() => assertUsable(key, 'retell', value)).not.toThrow();
          const row = mergeRetell(value, null, false);
          expect(row).not.toBeNull();
          expect(appointmentStateProblems(row as NonNullable<typeof row>)).toEqual([]);
          expectCustomerFits(retellCustomer(value));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it('when the generator runs, then it produces both accepted and refused webhooks (the property is not vacuous)', () => {
    const samples = fc.sample(hostileCalcomBody, { numRuns: 500, seed: 1 });
    const accepted = samples.filter((b) => ingest(() => parseCalcomWebhook(Buffer.from(JSON.stringify(b)), context)) !== null);

    expect(accepted.length).toBeGreaterThan(10);
    expect(accepted.length).toBeLessThan(samples.length);
  });
});
