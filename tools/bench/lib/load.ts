// The load tool of every HTTP scenario. Open loop: request i is due at its intended time, whether
// or not earlier ones were answered, and its latency is measured from that intended time — so a
// stalled server is charged for the requests it kept waiting (no coordinated omission). Arrivals
// are Poisson by default (exponential gaps of mean 1 / rate: the bursts independent senders
// make), or evenly spaced (start + i / rate).
// Closed loop: C connections send back to back for S seconds — the saturation throughput.
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import type { Latency } from './report.ts';

export interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  /** completed requests per second over the whole run */
  throughput: number;
  latency: Latency;
  /** intended send time (performance.now() ms) of every request, by index */
  intendedAt: Float64Array;
  seconds: number;
  /** the slowest requests, slowest first: intended send time (epoch ms) and latency, to correlate stalls */
  slowest: { at: number; ms: number }[];
}

/** The `n` largest latencies with their intended send times as epoch ms (performance.now() clock in). */
export function slowestOf(latencies: ArrayLike<number>, intendedAt: ArrayLike<number>, n = 5): { at: number; ms: number }[] {
  const order = Array.from({ length: latencies.length }, (_, i) => i).sort((a, b) => (latencies[b] ?? 0) - (latencies[a] ?? 0));
  return order
    .slice(0, n)
    .map((i) => ({ at: Math.round(performance.timeOrigin + (intendedAt[i] ?? 0)), ms: Math.round(latencies[i] ?? 0) }));
}

export function latencyOf(values: ArrayLike<number>): Latency {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted.at(-1) ?? Number.NaN };
}

/** One request; resolves to true when the answer is the expected status. */
export type Send = (i: number) => Promise<boolean>;

export type Arrivals = 'poisson' | 'even';

/** Offsets (ms from the start) of `total` arrivals at `rate` per second. */
export function arrivalOffsets(total: number, rate: number, arrivals: Arrivals, random = Math.random): Float64Array {
  const offsets = new Float64Array(total);
  const mean = 1000 / rate;
  let t = 0;
  for (let i = 0; i < total; i++) {
    offsets[i] = arrivals === 'even' ? i * mean : t;
    t += -Math.log(1 - random()) * mean;
  }
  return offsets;
}

export async function openLoop(options: { rate: number; seconds: number; send: Send; arrivals?: Arrivals }): Promise<LoadResult> {
  const total = Math.max(1, Math.round(options.rate * options.seconds));
  const offsets = arrivalOffsets(total, options.rate, options.arrivals ?? 'poisson');
  const intendedAt = new Float64Array(total);
  const latencies = new Float64Array(total);
  let ok = 0;
  let failed = 0;
  let completed = 0;
  let lastDone = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const start = performance.now() + 20;
  const fire = (i: number, due: number) => {
    intendedAt[i] = due;
    options.send(i).then(
      (good) => {
        lastDone = performance.now();
        latencies[i] = lastDone - due;
        if (good) ok++;
        else failed++;
        if (++completed === total) finish();
      },
      () => {
        lastDone = performance.now();
        latencies[i] = lastDone - due;
        failed++;
        if (++completed === total) finish();
      },
    );
  };
  for (let i = 0; i < total; ) {
    const now = performance.now();
    while (i < total && start + (offsets[i] as number) <= now) {
      fire(i, start + (offsets[i] as number));
      i++;
    }
    if (i < total)
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(5, start + (offsets[i] as number) - performance.now()))));
  }
  await finished;
  const seconds = (lastDone - start) / 1000;
  const slowest = slowestOf(latencies, intendedAt);
  return {
    sent: total,
    ok,
    failed,
    throughput: completed / seconds,
    latency: latencyOf(latencies),
    intendedAt,
    seconds,
    slowest,
  };
}

export async function closedLoop(options: { connections: number; seconds: number; send: Send }): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let next = 0;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const good = await options.send(next++).catch(() => false);
      latencies.push(performance.now() - t);
      if (good) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - start) / 1000;
  return {
    sent: next,
    ok,
    failed,
    throughput: (ok + failed) / seconds,
    latency: latencyOf(latencies),
    intendedAt: new Float64Array(0),
    seconds,
    slowest: [],
  };
}

/** A keep-alive HTTP client for one server: post(path, body, headers) -> status code. */
export function httpClient(baseUrl: string, maxSockets = 256) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets });
  /** The status and headers of the answer; rejects on a connection error or after timeoutMs. */
  const send = (path: string, body: string, headers: Record<string, string>, timeoutMs?: number) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers });
          });
          res.on('error', reject);
        },
      );
      // wall clock from the call, as a sender's time-out: waiting for a free socket counts too
      const timer = timeoutMs
        ? setTimeout(() => req.destroy(new TimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs)
        : undefined;
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  return {
    send,
    post: async (path: string, body: string, headers: Record<string, string>) => (await send(path, body, headers)).status,
    close: () => agent.destroy(),
  };
}

export class TimeoutError extends Error {}
