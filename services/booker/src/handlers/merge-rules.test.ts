import { type Binding, type BookingStateV1, CALCOM_BINDINGS } from '@booking/shared/events';
import { describe, expect, it } from 'vitest';
import { calcomState, voiceBooking } from './fixtures.test-helpers.ts';
import { classifyChange, customerKey, lifecycleRank, mergeRetell, rescheduledOldState, stateFromCalcom } from './merge-rules.ts';

const row = (overrides: Partial<ReturnType<typeof stateFromCalcom>> = {}) => ({
  ...stateFromCalcom(calcomState(), null, 1),
  ...overrides,
});

describe('classifyChange (version guard)', () => {
  it('when no row exists, then the record applies', () => {
    expect(classifyChange({ version: 1, eventId: 'a', status: 'ACCEPTED' }, null)).toBe('applied');
  });

  it('when the record is newer, then it applies', () => {
    expect(classifyChange({ version: 2_000, eventId: 'x', status: 'ACCEPTED' }, row())).toBe('applied');
  });

  it('when the record is older, then it is stale, even if it is a cancellation', () => {
    expect(classifyChange({ version: 999, eventId: 'x', status: 'CANCELLED' }, row())).toBe('stale');
  });

  it('when the version and the event id are equal, then it is a duplicate', () => {
    expect(classifyChange({ version: 1_000, eventId: 'e-1', status: 'ACCEPTED' }, row())).toBe('duplicate');
  });

  it('when the version is equal and the event differs, then the later lifecycle step wins', () => {
    const accepted = row();
    const cancelled = row({ status: 'CANCELLED', lastEventId: 'e-9' });

    expect(classifyChange({ version: 1_000, eventId: 'e-2', status: 'CANCELLED' }, accepted)).toBe('applied');
    expect(classifyChange({ version: 1_000, eventId: 'e-2', status: 'RESCHEDULED' }, accepted)).toBe('applied');
    expect(classifyChange({ version: 1_000, eventId: 'e-2', status: 'ACCEPTED' }, cancelled)).toBe('stale');
    expect(classifyChange({ version: 1_000, eventId: 'e-2', status: 'RESCHEDULED' }, cancelled)).toBe('stale');
  });

  it('when version and lifecycle step tie, then the larger event id wins whatever the order', () => {
    const a = row({ lastEventId: 'aaa' });
    const b = row({ lastEventId: 'bbb' });

    expect(classifyChange({ version: 1_000, eventId: 'bbb', status: 'ACCEPTED' }, a)).toBe('applied');
    expect(classifyChange({ version: 1_000, eventId: 'aaa', status: 'ACCEPTED' }, b)).toBe('stale');
  });

  it('when a row was created by Retell (version 0), then any Cal.com record overrides it', () => {
    expect(classifyChange({ version: 1, eventId: 'x', status: 'PENDING' }, row({ version: 0, lastEventId: null }))).toBe(
      'applied',
    );
  });

  it('ranks cancelled and rejected over rescheduled over the rest', () => {
    expect(lifecycleRank('REJECTED')).toBe(lifecycleRank('CANCELLED'));
    expect(lifecycleRank('CANCELLED')).toBeGreaterThan(lifecycleRank('RESCHEDULED'));
    expect(lifecycleRank('RESCHEDULED')).toBeGreaterThan(lifecycleRank('ACCEPTED'));
    expect(lifecycleRank('PENDING')).toBe(lifecycleRank('ACCEPTED'));
  });
});

describe('customerKey', () => {
  it('when an email exists, then it is the lower-cased email, else the phone', () => {
    expect(customerKey(' Ada@Example.COM ', '+49 151')).toBe('ada@example.com');
    expect(customerKey(null, '+49 151-000')).toBe('+49151000');
    expect(customerKey('', null)).toBeNull();
  });

  it('when two e-mails differ only in what a collation folds (ß/ss, full-width, NFC/NFD), then their keys differ', () => {
    const keys = [
      'straße@example.com',
      'strasse@example.com',
      'ａｄａ@example.com',
      'ada@example.com',
      'é@example.com',
      'e\u0301@example.com',
    ];

    expect(new Set(keys.map((k) => customerKey(k, null))).size).toBe(keys.length);
  });

  it('when a phone is written with punctuation or full-width digits, then its key is its ASCII digits and leading +', () => {
    expect(customerKey(null, '+49 (151) 000-01')).toBe('+4915100001');
    expect(customerKey(null, '＋４９１５１')).toBe('+49151');
    expect(customerKey(null, '0151 000')).toBe('0151000');
    expect(customerKey(null, '+ ()-')).toBeNull();
  });
});

describe('stateFromCalcom', () => {
  it('when a rescheduled booking is cancelled by a payload without rescheduleUid, then the link to the old booking stays', () => {
    const moved = stateFromCalcom(
      calcomState({ bookingUid: 'new', rescheduledFromUid: 'old', rescheduleStartTime: 1, rescheduleEndTime: 2 }),
      null,
      null,
    );

    const cancelled = stateFromCalcom(
      calcomState({ bookingUid: 'new', status: 'CANCELLED', version: 2_000, rescheduledFromUid: null }),
      moved,
      null,
    );

    expect(cancelled).toMatchObject({ status: 'CANCELLED', rescheduledFromUid: 'old' });
  });
});

describe('rescheduledOldState (reschedule pair)', () => {
  const reschedule = calcomState({
    eventId: 'e-r',
    trigger: 'BOOKING_RESCHEDULED',
    version: 3_000,
    bookingUid: 'uid-new',
    rescheduledFromUid: 'uid-1',
    rescheduleStartTime: Date.UTC(2026, 6, 1, 9),
    rescheduleEndTime: Date.UTC(2026, 6, 1, 10),
  });

  it('when the old row exists, then it becomes RESCHEDULED, linked to the new UID, with the reschedule version', () => {
    const old = rescheduledOldState(reschedule, row({ retellCallId: 'call-7' }));

    expect(old).toMatchObject({ bookingUid: 'uid-1', status: 'RESCHEDULED', rescheduledToUid: 'uid-new', version: 3_000 });
    expect(old.startAt).toBe(Date.UTC(2026, 7, 1, 9));
    expect(old.retellCallId).toBe('call-7');
  });

  it('when the old row was never seen, then it is created from the old slot', () => {
    const old = rescheduledOldState(reschedule, null);

    expect(old).toMatchObject({
      bookingUid: 'uid-1',
      status: 'RESCHEDULED',
      rescheduledToUid: 'uid-new',
      rescheduledFromUid: null,
      startAt: Date.UTC(2026, 6, 1, 9),
      endAt: Date.UTC(2026, 6, 1, 10),
    });
  });
});

describe('mergeRetell (Retell enrichment)', () => {
  it('when no row exists, then it creates one at version 0, ACCEPTED, source retell', () => {
    const created = mergeRetell(voiceBooking(), null, false);

    expect(created).toMatchObject({
      version: 0,
      status: 'ACCEPTED',
      source: 'retell',
      retellCallId: 'call-1',
      lastEventId: null,
    });
  });

  it('when a Cal.com row exists, then only the call id changes', () => {
    const existing = row();

    const merged = mergeRetell(voiceBooking(), existing, true);

    expect(merged).toEqual({ ...existing, retellCallId: 'call-1' });
  });

  it('when the row already carries the call and a customer, then nothing changes', () => {
    expect(mergeRetell(voiceBooking(), row({ retellCallId: 'call-1' }), true)).toBeNull();
  });

  it('when a Cal.com state follows, then it keeps the Retell call id it does not carry', () => {
    const enriched = row({ version: 0, retellCallId: 'call-1' });

    expect(stateFromCalcom(calcomState({ version: 2_000 }), enriched, 1).retellCallId).toBe('call-1');
  });
});

describe('rows from the record bindings', () => {
  it("when a bound Cal.com field changes, then the column it feeds in the record's own row changes with it", () => {
    const base = calcomState({ retellCallId: 'call-0', rescheduledFromUid: 'old-uid', cancellationReason: 'why' });
    const own = Object.entries(CALCOM_BINDINGS).flatMap(([field, b]: [string, Binding]) =>
      b.row === 'own' ? [[field, b.field] as const] : [],
    );

    for (const [field, column] of own) {
      const value = typeof base[field as keyof BookingStateV1] === 'number' ? 123_456 : 'changed';
      const state = stateFromCalcom({ ...base, [field]: value }, null, 1);

      expect(state[column], `${field} -> ${column}`).toBe(value);
    }
  });

  it('when a reschedule creates the old row, then its slot comes from the replaced-row bindings', () => {
    const record = calcomState({ rescheduledFromUid: 'old', rescheduleStartTime: 10, rescheduleEndTime: 20 });

    expect(rescheduledOldState(record, null)).toMatchObject({ bookingUid: 'old', startAt: 10, endAt: 20 });
  });
});
