// The malformed requests of the fuzz suite, generated from a seed (the same seed gives the same
// run). Each case says whether the ingest must refuse it (`reject`: a 4xx with a JSON error) or
// may accept it (`any`: odd but valid, e.g. deep nesting in metadata — if it is accepted, the
// booker must apply it, never dead-letter it). `raw` cases are sent byte for byte on a socket,
// because an HTTP client refuses to send CR, LF or NUL in a header.
import { calcomSignature, retellSignature } from '@booking/shared/testing';
import { callAnalyzed, created } from '../../packages/cli/src/demo/webhooks.ts';

export interface FuzzKeys {
  calcomSecret: string;
  retellKey: string;
}

export type Expectation = 'reject' | 'any';

export interface HttpCase {
  kind: 'http';
  category: string;
  expect: Expectation;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawCase {
  kind: 'raw';
  category: string;
  expect: Expectation;
  bytes: Buffer;
}

export type FuzzCase = HttpCase | RawCase;

/** mulberry32: small, fast, seeded. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const MINUTE = 60_000;

function validCalcom(random: Random, i: number): Record<string, unknown> {
  const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 1000) * 30 * MINUTE);
  return created({ uid: `fuzz-${i}-${Math.floor(random() * 1e9).toString(36)}`, start }, new Date()) as Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  const last = parts.at(-1) as string;
  if (value === DELETE) delete node[last];
  else node[last] = value;
}
const DELETE = Symbol('delete');

// Every value here is invalid for its field under the contract (DESIGN.md, "HTTP API").
const WRONG: Record<string, unknown[]> = {
  triggerEvent: [DELETE, 123, '', null, {}, []],
  createdAt: [DELETE, 'yesterday', 1741597800000, null, '2025-13-45T99:00:00Z', '2025-03-10T09:13:05'],
  payload: [DELETE, null, 'payload', [], 5],
  'payload.uid': [DELETE, 123, '', null, {}, ['a']],
  'payload.startTime': [DELETE, 'tomorrow', 12345, null, '', '2025-02-30T25:61:00Z'],
  'payload.endTime': [DELETE, 'later', 0, false, '14:00'],
  'payload.bookingId': [-1, 1.5, 'abc', {}],
  'payload.eventTypeId': [-5, 'x', 2.5, []],
  'payload.status': ['WEIRD', 5, {}],
  'payload.attendees': ['maria', [5], {}, 7],
  'payload.team': ['x', 5, []],
  'payload.organizer': ['x', 5],
  'payload.metadata': ['x', 5, []],
  'payload.rescheduleStartTime': ['soon', 5],
};

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function signedCalcom(body: Buffer, keys: FuzzKeys, contentType = 'application/json'): Record<string, string> {
  return { 'content-type': contentType, 'x-cal-signature-256': calcomSignature(body, keys.calcomSecret) };
}

function calcom(category: string, body: Buffer, headers: Record<string, string>, expect: Expectation = 'reject'): HttpCase {
  return { kind: 'http', category, expect, method: 'POST', path: '/webhooks/calcom', headers, body };
}

function retell(category: string, body: Buffer, headers: Record<string, string>): HttpCase {
  return { kind: 'http', category, expect: 'reject', method: 'POST', path: '/webhooks/retell', headers, body };
}

type Generator = (random: Random, i: number, keys: FuzzKeys, nowMs: number) => FuzzCase;

const generators: Record<string, Generator> = {
  'broken-json': (random, i, keys) => {
    const valid = JSON.stringify(validCalcom(random, i));
    const cut = Math.floor(random() * valid.length);
    const body = Buffer.from(
      pick(random, [
        valid.slice(0, cut),
        `${valid}}`,
        `${valid.slice(0, cut)}\u0000${valid.slice(cut)}`,
        '',
        "{'a':1}",
        '{"a":}',
      ]),
    );
    return calcom('broken-json', body, signedCalcom(body, keys));
  },
  'not-an-object': (random, _i, keys) => {
    const body = Buffer.from(pick(random, ['[]', '"booking"', '42', 'null', 'true', '[{"triggerEvent":"BOOKING_CREATED"}]']));
    return random() < 0.5
      ? calcom('not-an-object', body, signedCalcom(body, keys))
      : retell('not-an-object', body, {
          'content-type': 'application/json',
          'x-retell-signature': retellSignature(body, keys.retellKey, Date.now()),
        });
  },
  'wrong-type-or-missing': (random, i, keys) => {
    const envelope = validCalcom(random, i);
    const path = pick(random, Object.keys(WRONG));
    setPath(envelope, path, pick(random, WRONG[path] as unknown[]));
    const body = json(envelope);
    return calcom('wrong-type-or-missing', body, signedCalcom(body, keys));
  },
  'retell-invalid': (random, i, keys, nowMs) => {
    const envelope = callAnalyzed(`fuzz-${i}`, `call_${i}`, new Date(nowMs)) as Record<string, unknown>;
    setPath(envelope, pick(random, ['event', 'call', 'call.call_id']), pick(random, [DELETE, 5, '', null]));
    const body = json(envelope);
    return retell('retell-invalid', body, {
      'content-type': 'application/json',
      'x-retell-signature': retellSignature(body, keys.retellKey, nowMs),
    });
  },
  'huge-body': (random, i, keys) => {
    const envelope = validCalcom(random, i);
    setPath(envelope, 'payload.title', 'x'.repeat(1024 * 1024 + Math.floor(random() * 65536)));
    const body = json(envelope);
    return calcom('huge-body', body, random() < 0.5 ? signedCalcom(body, keys) : { 'content-type': 'application/json' });
  },
  'deep-nesting': (random, i, keys) => {
    const depth = 1000 + Math.floor(random() * 50_000);
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const inPayload = random() < 0.5;
    const text = inPayload
      ? JSON.stringify(validCalcom(random, i)).replace('"metadata":{}', `"metadata":{"deep":${nested}}`)
      : `{"triggerEvent":"BOOKING_CREATED","createdAt":"2026-01-01T00:00:00Z","payload":${nested}}`;
    const body = Buffer.from(text);
    // nested metadata is valid (metadata is free-form): it may be accepted, never answered 5xx
    return calcom('deep-nesting', body, signedCalcom(body, keys), inPayload ? 'any' : 'reject');
  },
  'long-fields': (random, i, keys) => {
    const envelope = validCalcom(random, i);
    const path = pick(random, [
      'payload.uid',
      'payload.title',
      'payload.location',
      'payload.attendees.0.email',
      'payload.attendees.0.name',
    ]);
    const length = pick(random, [192, 256, 600, 1100, 5000]);
    setPath(envelope, path, `${'ü'.repeat(length)}-${i}`);
    const body = json(envelope);
    // longer than a column: the ingest may refuse it (4xx) or accept it, and then the booker
    // must store it, never dead-letter an acknowledged booking
    return calcom('long-fields', body, signedCalcom(body, keys), 'any');
  },
  'invalid-utf8': (random, i, keys) => {
    const text = JSON.stringify(validCalcom(random, i));
    const at = text.indexOf('Initial Consultation') + 8;
    const bad = pick(random, [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
    const body = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bad), Buffer.from(text.slice(at))]);
    return calcom('invalid-utf8', body, signedCalcom(body, keys));
  },
  'content-type': (random, i, keys) => {
    const body = json(validCalcom(random, i));
    const type = pick(random, [
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      '',
    ]);
    const headers = signedCalcom(body, keys, type);
    if (type === '') delete headers['content-type'];
    return calcom('content-type', body, headers);
  },
  'forged-signature': (random, i, keys) => {
    const body = json(validCalcom(random, i));
    const other = json(validCalcom(random, i + 1));
    const signature = pick(random, [
      calcomSignature(body, `${keys.calcomSecret}x`),
      calcomSignature(other, keys.calcomSecret), // a real signature replayed onto another body
      '0'.repeat(64),
      calcomSignature(body, keys.calcomSecret).slice(0, 63),
      `sha256=${calcomSignature(body, keys.calcomSecret)}`,
      'not-hex-at-all',
      '',
    ]);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-cal-signature-256': signature };
    if (signature === '') delete headers['x-cal-signature-256'];
    return calcom('forged-signature', body, headers);
  },
  'retell-timestamp': (random, i, keys, nowMs) => {
    const body = json(callAnalyzed(`fuzz-${i}`, `call_${i}`, new Date(nowMs)));
    const ts = pick(random, [nowMs - 10 * MINUTE, nowMs + 10 * MINUTE, nowMs - 24 * 60 * MINUTE, 0, 1e20]);
    const header = pick(random, [
      retellSignature(body, keys.retellKey, ts), // stale, future, or a replay of an old capture
      retellSignature(body, `${keys.retellKey}x`, nowMs),
      `v=${nowMs},d=${'a'.repeat(64)}`,
      `v=-1,d=${'a'.repeat(64)}`,
      `v=abc,d=${'a'.repeat(64)}`,
      retellSignature(body, keys.retellKey, nowMs).replace(',d=', ';d='),
    ]);
    return retell('retell-timestamp', body, { 'content-type': 'application/json', 'x-retell-signature': header });
  },
  'method-or-path': (random) => {
    const [method, path] = pick(random, [
      ['GET', '/webhooks/calcom'],
      ['PUT', '/webhooks/calcom'],
      ['DELETE', '/webhooks/retell'],
      ['POST', '/webhooks/unknown'],
      ['POST', '/webhooks/calcom/../retell'],
      ['POST', '/%ff%fe'],
    ]) as [string, string];
    const body = method === 'GET' ? undefined : Buffer.from('{}');
    return {
      kind: 'http',
      category: 'method-or-path',
      expect: 'reject',
      method,
      path,
      headers: { 'content-type': 'application/json' },
      body,
    };
  },
  'header-injection': (random, i, keys) => {
    const body = json(validCalcom(random, i));
    const signature = calcomSignature(body, keys.calcomSecret);
    const forged = calcomSignature(body, 'attacker');
    const variants = [
      // a CRLF in a value starts a second signature header: the two are joined and never match
      `x-cal-signature-256: ${forged}\r\nx-cal-signature-256: ${signature}`,
      `x-cal-signature-256: ${signature}\u0000`,
      `x-cal-signature-256: ${forged}\r\n ${signature}`, // obsolete line folding
      `x-cal signature-256: ${signature}`,
      `transfer-encoding: chunked\r\nx-cal-signature-256: ${signature}`,
      `x-cal-signature-256: ${signature}\r\nx-padding: ${'a'.repeat(20_000)}`,
    ];
    const extra = pick(random, variants);
    const head = `POST /webhooks/calcom HTTP/1.1\r\nhost: ingest\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n${extra}\r\n\r\n`;
    return {
      kind: 'raw',
      category: 'header-injection',
      expect: 'reject',
      bytes: Buffer.concat([Buffer.from(head, 'latin1'), body]),
    };
  },
};

export const CATEGORIES = Object.keys(generators);

// Huge bodies are expensive to build and send: one in a hundred.
const WEIGHTS: Record<string, number> = { 'huge-body': 0.1 };

/** The i-th case of the run with this seed; categories are drawn with their weights. */
export function fuzzCase(seed: number, i: number, keys: FuzzKeys, nowMs: number, only?: string): FuzzCase {
  const random = createRandom(seed * 1_000_003 + i);
  if (only) return (generators[only] as Generator)(random, i, keys, nowMs);
  const total = CATEGORIES.reduce((sum, c) => sum + (WEIGHTS[c] ?? 1), 0);
  let roll = random() * total;
  for (const category of CATEGORIES) {
    roll -= WEIGHTS[category] ?? 1;
    if (roll <= 0) return (generators[category] as Generator)(random, i, keys, nowMs);
  }
  return (generators[CATEGORIES[0] as string] as Generator)(random, i, keys, nowMs);
}
