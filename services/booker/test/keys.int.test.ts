// Keys mean the same in JavaScript, Kafka and MariaDB (issue #21 item 1), proven through the
// booker against the real database: UIDs that differ only by trailing spaces, case, ß/ss,
// full-width letters, NFC/NFD or an emoji are distinct bookings, and each booking links to the
// customer of its own e-mail/phone (whose only intended folding is customerKey's).
import { uniqueName } from '@booking/shared/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calcomState } from '../src/handlers/fixtures.test-helpers.ts';
import { customerKey } from '../src/handlers/merge-rules.ts';
import { useBookerHarness } from './harness.ts';
import { appointmentRows } from './helpers.ts';

const h = useBookerHarness();
const { db } = h;

async function setup() {
  const { booker, source } = await h.pipeline();
  const applied = (eventIds: string[]) =>
    booker.batches.waitFor((batches) => {
      const seen = new Set(batches.flatMap((b) => b.outcomes.map((o) => o.eventId)));
      return eventIds.every((id) => seen.has(id));
    });
  return { source, applied };
}

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Spellings a collation may fold together but JavaScript and Kafka keep apart. */
const SPELLINGS: ((base: string) => string)[] = [
  (b) => b,
  (b) => `${b} `,
  (b) => `${b}  `,
  (b) => b.toUpperCase(),
  (b) => b.replaceAll('ß', 'ss'),
  (b) => b.replaceAll('ss', 'ß'),
  fullWidth,
  (b) => b.normalize('NFC'),
  (b) => b.normalize('NFD'),
  (b) => `${b}😀`,
  (b) => `${b}😀\uFE0F`,
];
const base = fc.string({ unit: fc.constantFrom('a', 'b', 's', 'ß', 'é', 'e\u0301', 'x', '1', 'Å'), minLength: 1, maxLength: 8 });
const spellings = fc.subarray(SPELLINGS, { minLength: 2 });
/** The same phone number, written as people write it: one customer by design. */
const phoneSpellings = (digits: string) => [`+49${digits}`, `+49 ${digits}`, fullWidth(`+49${digits}`), `+49 (${digits})`];

describe('booking keys', () => {
  it('when bookings arrive whose UIDs and e-mails differ only in what a collation folds, then each is its own row linked to its own customer', async () => {
    const { source, applied } = await setup();
    let run = 0;

    await fc.assert(
      fc.asyncProperty(base, spellings, async (word, spell) => {
        const prefix = `${uniqueName('k')}-`;
        const phoneDigits = `${1_000_000 + run++}${Math.floor(Math.random() * 1e6)}`;
        const uids = [...new Set(spell.map((f) => `${prefix}${f(word)}`))];
        const bookings = uids.map((uid, i) => {
          const mailbox = `${uid.slice(prefix.length)}@${prefix}example.com`;
          const attendee =
            i % 3 === 2
              ? { name: 'P', email: null, phone: phoneSpellings(phoneDigits)[i % 4] as string, timeZone: null }
              : { name: 'M', email: mailbox, phone: null, timeZone: null };
          return calcomState({ bookingUid: uid, eventId: `${prefix}e${i}`, attendee, calcomBookingId: i + 1 });
        });

        await source.calcomMany(bookings);
        await applied(bookings.map((b) => b.eventId));
        const rows = (await appointmentRows(db.orm)).filter((r) => String(r.booking_uid).startsWith(prefix));
        const keys = bookings.map((b) => customerKey(b.attendee?.email ?? null, b.attendee?.phone ?? null) as string);
        const customers = await db.orm.em
          .fork()
          .getConnection()
          .execute<{ customer_key: string }[]>(
            `SELECT customer_key FROM customers WHERE customer_key IN (${keys.map(() => '?').join(',')})`,
            keys,
            'all',
          );

        expect(rows.map((r) => r.booking_uid).sort()).toEqual([...uids].sort());
        expect(rows.map((r) => [r.booking_uid, r.customer_key]).sort()).toEqual(
          bookings.map((b, i) => [b.bookingUid, keys[i]]).sort(),
        );
        expect(customers.map((c) => c.customer_key).sort()).toEqual([...new Set(keys)].sort());
      }),
      // a stalled booker makes every shrinking step wait out the time-out: report the first case
      { numRuns: 12, endOnFailure: true },
    );
  });

  it('when "abc" and then "abc " arrive, then there are two rows and a booking sent afterwards is applied', async () => {
    const { source, applied } = await setup();
    const uid = uniqueName('abc');
    const control = uniqueName('control');

    await source.calcom(calcomState({ bookingUid: uid, eventId: `${uid}-e1` }));
    await applied([`${uid}-e1`]);
    await source.calcom(calcomState({ bookingUid: `${uid} `, eventId: `${uid}-e2`, attendee: null }));
    await source.calcom(calcomState({ bookingUid: control, eventId: `${control}-e1` }));
    await applied([`${uid}-e2`, `${control}-e1`]);

    const rows = (await appointmentRows(db.orm)).filter((r) => [uid, `${uid} `, control].includes(String(r.booking_uid)));
    expect(rows.map((r) => [r.booking_uid, r.customer_key])).toEqual([
      [uid, 'ada@example.com'],
      [`${uid} `, null],
      [control, 'ada@example.com'],
    ]);
  });
});
