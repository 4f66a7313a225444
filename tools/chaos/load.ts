// Drives the planned sends at a steady rate as signed Cal.com webhooks and keeps the ledger:
// UID, version, status (0 = sent but no answer, -1 = connection refused) and how long it took. A
// duplicate is the identical request again (same bytes, same signature), as a retrying sender
// would send it.
import { Worker } from 'node:worker_threads';
import { calcomSignature } from '@booking/shared/testing';
import { created } from '../../packages/cli/src/demo/webhooks.ts';
import type { Send } from './plan.ts';
import type { LedgerEntry } from './verdict.ts';

export interface LoadOptions {
  url: string;
  secret: string;
  rate: number;
  /** createdAt of version 0; version v is `baseMs + v seconds`. */
  baseMs: number;
  timeoutMs?: number;
  /** Stops sending (before the planned sends run out) once this returns true. */
  until?: () => boolean;
}

const bodies = new Map<string, string>();

function bodyFor(send: Send, baseMs: number): string {
  const key = `${send.uid}/${send.version}`;
  let body = bodies.get(key);
  if (!body) {
    const start = new Date(Date.UTC(2027, 0, 1, 8) + send.version * 30 * 60_000);
    body = JSON.stringify(created({ uid: send.uid, start }, new Date(baseMs + send.version * 1000)));
    bodies.set(key, body);
  }
  return body;
}

export function versionOf(recordVersion: number, baseMs: number): number {
  return Math.round((recordVersion - baseMs) / 1000);
}

async function post(options: LoadOptions, send: Send): Promise<LedgerEntry> {
  const body = bodyFor(send, options.baseMs);
  const startedAt = performance.now();
  const at = Date.now();
  try {
    const response = await fetch(`${options.url}/webhooks/calcom`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cal-signature-256': calcomSignature(body, options.secret) },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.arrayBuffer();
    return { uid: send.uid, version: send.version, status: response.status, startedAt: at, ms: performance.now() - startedAt };
  } catch (error) {
    // refused before anything was sent (the ingest is restarting): a clear "not taken", not uncertain
    const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
    return { uid: send.uid, version: send.version, status: refused ? -1 : 0, startedAt: at, ms: performance.now() - startedAt };
  }
}

/** Sends every planned request, `rate` per second, without waiting for answers to send on. */
export async function runLoad(options: LoadOptions, sends: Send[], onSent?: (index: number) => void): Promise<LedgerEntry[]> {
  const pending: Promise<LedgerEntry>[] = [];
  const started = performance.now();
  for (let i = 0; i < sends.length && !options.until?.(); i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(post(options, sends[i] as Send));
    onSent?.(i);
  }
  return Promise.all(pending);
}

/** runLoad on a worker thread, so that the main thread's work does not delay the answers' timing. */
export function runLoadInWorker(
  options: LoadOptions,
  sends: Send[],
  onSent?: (index: number) => void,
): Promise<{ ledger: LedgerEntry[]; loopMaxMs: { at: number; ms: number }[] }> {
  const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: { options, sends } });
  return new Promise((resolve, reject) => {
    worker.on('message', (message: { sent?: number; ledger?: LedgerEntry[]; loopMaxMs?: { at: number; ms: number }[] }) => {
      if (message.sent !== undefined) onSent?.(message.sent);
      if (message.ledger) resolve({ ledger: message.ledger, loopMaxMs: message.loopMaxMs ?? [] });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker exited (${code}) before it finished`)));
  });
}
