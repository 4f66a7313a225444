// The load of a multi-instance run: signed Cal.com webhooks (the demo's signing helpers) at a
// steady rate, alternating between the ingests, so that versions of one booking reach Kafka
// through different instances and can overtake each other. Each booking gets VERSIONS versions
// (created, moved, then moved again or cancelled); every DUPLICATE_EVERY-th send repeats an
// earlier delivery byte for byte (same event id) to whichever ingest is next, as a retrying sender
// would.

import { cancelled, created, signCalcom } from '../../packages/cli/src/demo/webhooks.ts';
import type { LedgerEntry } from '../chaos/verdict.ts';

export const VERSIONS = 3;
const DUPLICATE_EVERY = 20;
/** UIDs whose versions are interleaved: a booking's next version follows within WINDOW sends. */
const WINDOW = 20;

export interface Send {
  uid: string;
  version: number;
  body: string;
}

export function planSends(runId: string, bookings: number, baseMs: number): Send[] {
  const sends: Send[] = [];
  for (let first = 0; first < bookings; first += WINDOW) {
    for (let version = 0; version < VERSIONS; version++) {
      for (let i = first; i < Math.min(first + WINDOW, bookings); i++) {
        const uid = `${runId}-${i}`;
        const createdAt = new Date(baseMs + version * 1000);
        const slot = { uid, start: new Date(Date.UTC(2027, 0, 4, 8) + ((i + version) % 40) * 30 * 60_000) };
        const envelope = version === VERSIONS - 1 && i % 4 === 0 ? cancelled(slot, createdAt) : created(slot, createdAt);
        sends.push({ uid, version: createdAt.getTime(), body: JSON.stringify(envelope) });
        if (sends.length % DUPLICATE_EVERY === 0) sends.push(sends[sends.length - 1 - (i % 7)] as Send);
      }
    }
  }
  return sends;
}

async function post(url: string, send: Send, secret: string): Promise<LedgerEntry> {
  const { headers } = signCalcom(JSON.parse(send.body), secret);
  const startedAt = Date.now();
  const started = performance.now();
  const ms = () => performance.now() - started;
  try {
    const response = await fetch(`${url}/webhooks/calcom`, {
      method: 'POST',
      headers,
      body: send.body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return { uid: send.uid, version: send.version, status: response.status, startedAt, ms: ms() };
  } catch {
    return { uid: send.uid, version: send.version, status: 0, startedAt, ms: ms() };
  }
}

/** Sends at `rate` per second without waiting for answers (open loop); `onProgress(sent)` after each. */
export async function sendAll(
  ingests: { name: string; url: string }[],
  sends: Send[],
  options: { rate: number; secret: string; onProgress?: (sent: number) => void },
): Promise<LedgerEntry[]> {
  const answers: Promise<LedgerEntry>[] = [];
  const started = performance.now();
  for (const [i, send] of sends.entries()) {
    const wait = started + (i * 1000) / options.rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const ingest = ingests[i % ingests.length] as { name: string; url: string };
    answers.push(post(ingest.url, send, options.secret));
    options.onProgress?.(i + 1);
  }
  return Promise.all(answers);
}
