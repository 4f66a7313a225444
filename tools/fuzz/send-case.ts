// Sends one fuzz case and reads the answer: status, whether the body is a JSON error
// ({"error": "..."}), and the event id of an accepted webhook. Raw cases go byte for byte over a
// socket; the answer is read until the server closes it (the request says connection: close).
import { connect } from 'node:net';
import type { FuzzCase } from './cases.ts';

export interface Answer {
  status: number;
  jsonError: boolean;
  eventId?: string;
  /** No answer at all: the connection was reset or timed out. */
  failed?: string;
}

function readBody(text: string): { jsonError: boolean; eventId?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return {
      jsonError: typeof body.error === 'string' && body.error.length > 0,
      eventId: typeof body.eventId === 'string' ? body.eventId : undefined,
    };
  } catch {
    return { jsonError: false };
  }
}

function sendRaw(host: string, port: number, bytes: Buffer, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('error', () => undefined);
    socket.once('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      if (!status) return resolve({ status: 0, jsonError: false, failed: 'no HTTP answer' });
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      resolve({ status, ...readBody(body) });
    });
    socket.end(bytes);
  });
}

export async function sendCase(baseUrl: string, fuzz: FuzzCase, timeoutMs = 15_000): Promise<Answer> {
  const url = new URL(baseUrl);
  if (fuzz.kind === 'raw') return sendRaw(url.hostname, Number(url.port), fuzz.bytes, timeoutMs);
  try {
    const response = await fetch(`${baseUrl}${fuzz.path}`, {
      method: fuzz.method,
      headers: fuzz.headers,
      body: fuzz.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, ...readBody(await response.text()) };
  } catch (error) {
    return { status: 0, jsonError: false, failed: error instanceof Error ? error.message : String(error) };
  }
}
