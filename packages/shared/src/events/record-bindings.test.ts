import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATE_FIELDS, type AppointmentStateField, type FieldSpec } from './appointment-fields.ts';
import { bookingStateV1 } from './booking-state.v1.ts';
import {
  type Binding,
  boundState,
  CALCOM_ATTENDEE_BINDINGS,
  CALCOM_ATTENDEE_LIMITS,
  CALCOM_BINDINGS,
  CALCOM_LIMITS,
  CALCOM_ORGANIZER_BINDINGS,
  CALCOM_ORGANIZER_LIMITS,
  VOICE_BINDINGS,
  VOICE_LIMITS,
} from './record-bindings.ts';
import { voiceBookingV1 } from './voice-booking.v1.ts';

const tables: [string, Record<string, Binding>, Record<string, FieldSpec>][] = [
  ['Cal.com', CALCOM_BINDINGS, CALCOM_LIMITS],
  ['Cal.com attendee', CALCOM_ATTENDEE_BINDINGS, CALCOM_ATTENDEE_LIMITS],
  ['Cal.com organizer', CALCOM_ORGANIZER_BINDINGS, CALCOM_ORGANIZER_LIMITS],
  ['Retell', VOICE_BINDINGS, VOICE_LIMITS],
];
// what the merge rules set themselves, and why, is the header of record-bindings.ts
const SET_BY_MERGE_RULES: AppointmentStateField[] = ['customerId', 'source', 'status', 'timeZone', 'rescheduledToUid'];

describe('record bindings', () => {
  it.each(tables)(
    'every %s field that feeds a column is checked against that column (and only bound fields are)',
    (_name, bindings, limits) => {
      const withoutNullable = ({ nullable: _ignored, ...rest }: FieldSpec) => rest;

      expect(Object.keys(limits)).toEqual(Object.keys(bindings));
      for (const [field, binding] of Object.entries(bindings))
        expect(withoutNullable(limits[field] as FieldSpec)).toEqual(withoutNullable(binding.spec));
    },
  );

  it('when a Cal.com field may not be null in its Avro schema, then its limit requires it even where the column is nullable', () => {
    expect(APPOINTMENT_STATE_FIELDS.startAt.nullable).toBe(true);

    expect(CALCOM_LIMITS.startTime.nullable).toBe(false);
    expect(CALCOM_LIMITS.endTime.nullable).toBe(false);
    expect(CALCOM_LIMITS.eventId.nullable).toBe(false);
    expect(CALCOM_LIMITS.title.nullable).toBe(true);
    expect(VOICE_LIMITS.callId.nullable).toBe(false);
  });

  it("every column of a Cal.com record's own row is fed by a binding or named as set by a merge rule, never both", () => {
    const bound = Object.values(CALCOM_BINDINGS).flatMap((b: Binding) => (b.row === 'own' ? [b.field] : []));

    expect([...bound, ...SET_BY_MERGE_RULES].sort()).toEqual(Object.keys(APPOINTMENT_STATE_FIELDS).sort());
  });

  it('boundState copies each bound field of the chosen row into its column, and nothing else', () => {
    const record = { bookingUid: 'uid-1', startTime: 1, endTime: 2, rescheduleStartTime: 3, rescheduleEndTime: 4, trigger: 'x' };

    expect(boundState(CALCOM_BINDINGS, record, 'replaced')).toEqual({ startAt: 3, endAt: 4 });
    expect(boundState(CALCOM_BINDINGS, record, 'own')).toMatchObject({ bookingUid: 'uid-1', startAt: 1, endAt: 2 });
    expect(boundState(CALCOM_BINDINGS, record, 'own')).not.toHaveProperty('trigger');
  });

  it.each([
    ['Cal.com', CALCOM_BINDINGS, bookingStateV1.schema.fields],
    ['Retell', VOICE_BINDINGS, voiceBookingV1.schema.fields],
  ])(
    'the %s bindings follow the order of the Avro schema, so problems are listed in the order they were before',
    (_name, bindings, fields) => {
      const order = (fields as { name: string }[]).map((f) => f.name);

      expect(Object.keys(bindings)).toEqual(order.filter((name) => name in bindings));
    },
  );
});
