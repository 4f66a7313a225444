import { describe, expect, it } from 'vitest';
import { calcom, calcomState, retell, voiceBooking } from './fixtures.test-helpers.ts';
import { stateFromCalcom } from './merge-rules.ts';
import { planBatch, touchedUids } from './plan-batch.ts';
import type { AppointmentState } from './types.ts';

const none = new Map<string, AppointmentState>();

describe('planBatch', () => {
  it('when three versions of a UID arrive in one batch, then one write holds the highest', () => {
    const records = [3_000, 1_000, 2_000].map((version) => calcom(calcomState({ version, eventId: `e-${version}` })));

    const plan = planBatch(records, none);

    expect(plan.writes.size).toBe(1);
    expect(plan.writes.get('uid-1')?.state.version).toBe(3_000);
    expect(plan.outcomes.map((o) => o.outcome)).toEqual(['applied', 'stale', 'stale']);
  });

  it('when the cancellation arrives before the creation, then the final state is cancelled', () => {
    const cancel = calcom(calcomState({ eventId: 'e-c', version: 2_000, status: 'CANCELLED', trigger: 'BOOKING_CANCELLED' }));
    const create = calcom(calcomState({ eventId: 'e-a', version: 1_000 }));

    const plan = planBatch([cancel, create], none);

    expect(plan.writes.get('uid-1')?.state.status).toBe('CANCELLED');
    expect(plan.outcomes.map((o) => o.outcome)).toEqual(['applied', 'stale']);
  });

  it('when the record is already in the row, then it is a duplicate to republish and nothing is written', () => {
    const value = calcomState();
    const current = new Map([['uid-1', stateFromCalcom(value, null, 1)]]);

    const plan = planBatch([calcom(value)], current);

    expect(plan.writes.size).toBe(0);
    expect(plan.outcomes[0]?.outcome).toBe('duplicate');
    expect([...plan.republish.keys()]).toEqual(['uid-1']);
  });

  it('when a reschedule arrives before the old booking, then both rows are written and the late create is stale', () => {
    const reschedule = calcom(
      calcomState({
        eventId: 'e-r',
        version: 3_000,
        bookingUid: 'uid-new',
        trigger: 'BOOKING_RESCHEDULED',
        rescheduledFromUid: 'uid-1',
        rescheduleStartTime: 10,
        rescheduleEndTime: 20,
      }),
    );
    const oldCreate = calcom(calcomState({ eventId: 'e-a', version: 1_000 }));

    const plan = planBatch([reschedule, oldCreate], none);

    expect(plan.writes.get('uid-new')?.state).toMatchObject({ status: 'ACCEPTED', rescheduledFromUid: 'uid-1' });
    expect(plan.writes.get('uid-1')?.state).toMatchObject({ status: 'RESCHEDULED', rescheduledToUid: 'uid-new', startAt: 10 });
    expect(plan.outcomes.map((o) => o.outcome)).toEqual(['applied', 'stale']);
    expect(touchedUids([reschedule, oldCreate])).toEqual(['uid-1', 'uid-new']);
  });

  it('when Retell comes first and Cal.com second, then one row keeps the call id and takes the Cal.com state', () => {
    const plan = planBatch([retell(voiceBooking()), calcom(calcomState())], none);

    expect(plan.writes.size).toBe(1);
    expect(plan.writes.get('uid-1')?.state).toMatchObject({
      source: 'calcom',
      version: 1_000,
      retellCallId: 'call-1',
      title: 'Intro call',
    });
    expect(plan.writes.get('uid-1')?.customer?.key).toBe('ada@example.com');
  });

  it('when Retell comes after Cal.com, then the Cal.com state and customer are kept', () => {
    const plan = planBatch([calcom(calcomState()), retell(voiceBooking())], none);

    expect(plan.writes.get('uid-1')?.state).toMatchObject({
      source: 'calcom',
      status: 'ACCEPTED',
      version: 1_000,
      retellCallId: 'call-1',
    });
    expect(plan.writes.get('uid-1')?.customer).toMatchObject({ key: 'ada@example.com', mode: 'overwrite' });
  });
});
