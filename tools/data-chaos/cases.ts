// The bursts of the data-chaos suite: signed webhooks that are valid on the wire but odd in their
// data — keys a collation or a normalisation could fold together, sender clocks that are wrong,
// reschedules that loop or land on another booking, Retell calls for odd UIDs. Each burst says
// what a correct pipeline does with it: which deliveries it refuses (400 naming the field) and
// the final row of every booking it accepts. The checks live in run-data-chaos.ts.
import type { AppointmentStatus } from '@booking/shared/events';
import {
  callAnalyzed,
  cancelled,
  created,
  rescheduled,
  type Signed,
  signCalcom,
  signRetell,
} from '../../packages/cli/src/demo/webhooks.ts';

export interface Keys {
  calcomSecret: string;
  retellKey: string;
}

export interface Delivery {
  signed: Signed;
  /** `refuse`: a 400 whose error names `field`; `accept`: a 202. */
  expect: { accept: true } | { accept: false; field: string };
}

export interface ExpectedBooking {
  uid: string;
  /** The attendee's e-mail as sent; the row must link to the customer with its normalised form. */
  email: string | null;
  status: AppointmentStatus;
}

export interface Burst {
  kind: string;
  deliveries: Delivery[];
  /** Every booking the burst leaves; each must be exactly one row with this status. */
  bookings: ExpectedBooking[];
}

const MINUTE = 60_000;
const accept = { accept: true } as const;
const refuse = (field: string) => ({ accept: false, field }) as const;

interface Ctx {
  keys: Keys;
  /** A prefix no other burst or run shares. */
  p: string;
  /** The receiver's clock at the start of the burst; each delivery is a second later. */
  now: number;
}

type Envelope = ReturnType<typeof created>;

function withAttendee(envelope: Envelope, email: string): Envelope {
  const [attendee] = envelope.payload.attendees;
  if (attendee) attendee.email = email;
  return envelope;
}

const slot = (uid: string, hour = 9) => ({ uid, start: new Date(Date.UTC(2027, 2, 1, hour)) });

/** One CREATED per UID, each with its own attendee e-mail, at consecutive seconds. */
function creates(c: Ctx, pairs: [uid: string, email: string][], from = 0) {
  return pairs.map(([uid, email], i) =>
    signCalcom(withAttendee(created(slot(uid), new Date(c.now + (from + i) * 1000)), email), c.keys.calcomSecret),
  );
}

function distinctKeys(c: Ctx, kind: string, suffixes: string[]): Burst {
  const pairs = suffixes.map((s, i): [string, string] => [`${c.p}${s}`, `${c.p}-${i}${s.trim()}@example.com`]);
  return {
    kind,
    deliveries: creates(c, pairs).map((signed) => ({ signed, expect: accept })),
    bookings: pairs.map(([uid, email]) => ({ uid, email, status: 'ACCEPTED' })),
  };
}

/** Each burst kind: a name and how to build it. */
export const BURSTS: Record<string, (c: Ctx) => Burst> = {
  'trailing-spaces': (c) => distinctKeys(c, 'trailing-spaces', ['', ' ', '  ', '\u00a0']),
  'case-and-folding': (c) => distinctKeys(c, 'case-and-folding', ['-abc', '-ABC', '-straße', '-strasse', '-ｆｕｌｌ', '-full']),
  'unicode-forms': (c) => distinctKeys(c, 'unicode-forms', ['-\u00e9', '-e\u0301', '-😀', '-😃', '-\u212b', '-\u00c5']),
  'folded-emails': (c) => {
    const pairs: [string, string][] = [
      [`${c.p}-1`, `${c.p}-straße@example.com`],
      [`${c.p}-2`, `${c.p}-strasse@example.com`],
      [`${c.p}-3`, `${c.p}-ｓｔｒａｓｓｅ@example.com`],
      [`${c.p}-4`, `${c.p}-STRASSE@example.com`],
    ];
    return {
      kind: 'folded-emails',
      deliveries: creates(c, pairs).map((signed) => ({ signed, expect: accept })),
      bookings: pairs.map(([uid, email]) => ({ uid, email, status: 'ACCEPTED' })),
    };
  },
  'future-clock': (c) => {
    const uid = `${c.p}-pinned`;
    const email = `${c.p}@example.com`;
    const future = withAttendee(created(slot(uid, 11), new Date(Date.UTC(2999, 0, 1))), email);
    const nearFuture = withAttendee(cancelled(slot(uid), new Date(c.now + 4 * MINUTE)), email);
    const [first] = creates(c, [[uid, email]]);
    return {
      kind: 'future-clock',
      deliveries: [
        { signed: first as Signed, expect: accept },
        { signed: signCalcom(future, c.keys.calcomSecret), expect: refuse('createdAt') },
        {
          signed: signCalcom(withAttendee(cancelled(slot(uid), new Date(c.now + 2000)), email), c.keys.calcomSecret),
          expect: accept,
        },
        // a small real skew is accepted (within INGEST_MAX_CLOCK_SKEW_MS) and is the latest version
        { signed: signCalcom(nearFuture, c.keys.calcomSecret), expect: accept },
      ],
      bookings: [{ uid, email, status: 'CANCELLED' }],
    };
  },
  'blank-and-tiny': (c) => {
    const tiny = `${c.p}-tiny`;
    const email = `${c.p}@example.com`;
    return {
      kind: 'blank-and-tiny',
      deliveries: [
        { signed: signCalcom(created(slot(' '), new Date(c.now)), c.keys.calcomSecret), expect: refuse('uid') },
        { signed: signCalcom(created(slot('\t \u00a0'), new Date(c.now)), c.keys.calcomSecret), expect: refuse('uid') },
        { signed: signCalcom(withAttendee(created(slot(tiny), new Date(1)), email), c.keys.calcomSecret), expect: accept },
      ],
      bookings: [{ uid: tiny, email, status: 'ACCEPTED' }],
    };
  },
  'reschedule-cycle': (c) => {
    const [a, b] = [`${c.p}-a`, `${c.p}-b`];
    const sign = (e: Envelope) => signCalcom(withAttendee(e, `${c.p}@example.com`), c.keys.calcomSecret);
    return {
      kind: 'reschedule-cycle',
      deliveries: [
        sign(created(slot(a), new Date(c.now))),
        sign(rescheduled(slot(a), slot(b, 10), new Date(c.now + 1000))),
        sign(rescheduled(slot(b, 10), slot(a, 11), new Date(c.now + 2000))),
      ].map((signed) => ({ signed, expect: accept })),
      bookings: [
        { uid: a, email: `${c.p}@example.com`, status: 'ACCEPTED' },
        { uid: b, email: `${c.p}@example.com`, status: 'RESCHEDULED' },
      ],
    };
  },
  'reschedule-onto-existing': (c) => {
    const [a, b] = [`${c.p}-a`, `${c.p}-b`];
    const pairs: [string, string][] = [
      [a, `${c.p}-a@example.com`],
      [b, `${c.p}-b@example.com`],
    ];
    const moved = withAttendee(rescheduled(slot(a), slot(b, 12), new Date(c.now + 2000)), `${c.p}-a@example.com`);
    return {
      kind: 'reschedule-onto-existing',
      deliveries: [...creates(c, pairs), signCalcom(moved, c.keys.calcomSecret)].map((signed) => ({ signed, expect: accept })),
      bookings: [
        { uid: a, email: `${c.p}-a@example.com`, status: 'RESCHEDULED' },
        { uid: b, email: `${c.p}-a@example.com`, status: 'ACCEPTED' },
      ],
    };
  },
  'retell-odd-uids': (c) => {
    const uids = [`${c.p}-r`, `${c.p}-r `, `${c.p}-r😀`];
    const [first] = creates(c, [[uids[0] as string, `${c.p}@example.com`]]);
    const calls = uids.map((uid, i) =>
      signRetell(callAnalyzed(uid, `call_${c.p}_${i}`, new Date(Date.UTC(2027, 2, 1, 9))), c.keys.retellKey, c.now + i),
    );
    return {
      kind: 'retell-odd-uids',
      deliveries: [first as Signed, ...calls].map((signed) => ({ signed, expect: accept })),
      // a call for a booking Cal.com has not announced creates it (DESIGN "Ordering…"), no e-mail
      bookings: uids.map((uid, i) => ({ uid, email: i === 0 ? `${c.p}@example.com` : null, status: 'ACCEPTED' })),
    };
  },
};

export const BURST_KINDS = Object.keys(BURSTS);

export function buildBurst(kind: string, keys: Keys, p: string, now: number): Burst {
  const build = BURSTS[kind];
  if (!build) throw new Error(`unknown burst kind ${kind}; one of ${BURST_KINDS.join(', ')}`);
  return build({ keys, p, now });
}
