// Benchmark of the ingest (run with `npm run bench -- ingest`).
//
// The same autocannon load — a fixed offered rate of signed Cal.com BOOKING_CREATED webhooks,
// each with its own booking uid — is sent to:
// 1. baseline: a bare node:http server in its own process that reads the body and answers 202;
// 2. the real ingest (services/ingest/src/main.ts in its own process) on the shared broker and
//    registry: signature check, validation, Avro, coalesced idempotent produce with acks=all,
//    202 only after the acknowledgement. Topics are throw-away ones, deleted afterwards.
// Reported for each: requests/s, p50/p99 latency of the responses (all must be 202), and the
// ingest/baseline ratios.
//
// Options: --rate R (requests/s offered, default 1000)  --seconds S (default 15)
//          --connections C (default 50)  --warmup S (default 3)
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createKafka } from '@booking/shared/kafka';
import { createLogger } from '@booking/shared/logger';
import { STACK, uniqueName } from '@booking/shared/testing';
import autocannon, { type Result } from 'autocannon';
import { calcomBooking } from '../test/fixtures/webhooks.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const WARMUP = Number(values.warmup);
const SECRET = 'bench-secret';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready within 60 s`);
}

const BARE_SERVER = `
require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(202, { 'content-type': 'application/json' }); res.end('{"status":"accepted"}'); });
}).listen(Number(process.env.PORT), '127.0.0.1');`;

let counter = 0;
function signedWebhook() {
  counter += 1;
  const body = JSON.stringify(calcomBooking(`bench-${process.pid}-${counter}`));
  const signature = createHmac('sha256', SECRET).update(body).digest('hex');
  return {
    method: 'POST',
    path: '/webhooks/calcom',
    body,
    headers: { 'content-type': 'application/json', 'x-cal-signature-256': signature },
  };
}

async function load(url: string, seconds: number): Promise<Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    overallRate: RATE,
    requests: [{ setupRequest: () => signedWebhook() }],
  });
}

async function measure(name: string, url: string, child: ChildProcess) {
  await waitReady(`${url}/healthz`, child);
  if (WARMUP > 0) await load(url, WARMUP);
  const result = await load(url, SECONDS);
  const accepted = result.statusCodeStats['202']?.count ?? 0;
  return { name, result, accepted };
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

const topics = { calcom: uniqueName('bench-ingest-calcom'), retell: uniqueName('bench-ingest-retell') };
const spoolDir = mkdtempSync(join(tmpdir(), 'bench-ingest-spool-'));
const [barePort, ingestPort] = [await freePort(), await freePort()];
const bare = spawn(process.execPath, ['-e', BARE_SERVER], { env: { ...process.env, PORT: String(barePort) }, stdio: 'inherit' });
const ingest = spawn(process.execPath, [new URL('../src/main.ts', import.meta.url).pathname], {
  env: {
    ...process.env,
    INGEST_PORT: String(ingestPort),
    INGEST_HOST: '127.0.0.1',
    INGEST_TOPIC_CALCOM: topics.calcom,
    INGEST_TOPIC_RETELL: topics.retell,
    INGEST_SPOOL_DIR: spoolDir,
    CALCOM_WEBHOOK_SECRETS: SECRET,
    RETELL_API_KEY: 'bench',
    CALCOM_ALLOWED_TEAM_IDS: '42',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

const rows = [];
try {
  console.log(`offered load: ${RATE} req/s for ${SECONDS} s over ${CONNECTIONS} connections (after ${WARMUP} s warm-up)\n`);
  rows.push(await measure('bare node:http 202', `http://127.0.0.1:${barePort}`, bare));
  rows.push(await measure('ingest (real broker)', `http://127.0.0.1:${ingestPort}`, ingest));
} finally {
  await Promise.all([stopChild(bare), stopChild(ingest)]);
  rmSync(spoolDir, { recursive: true, force: true });
  const admin = createKafka({
    brokers: [...STACK.kafkaBrokers],
    clientId: 'bench-ingest',
    logger: createLogger({ level: 'error', name: 'bench' }),
  }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topics.calcom, topics.retell] }).catch(() => undefined);
  await admin.disconnect();
}

const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);
console.log('target                    req/s    p50 ms    p99 ms       202   non-202');
for (const { name, result, accepted } of rows) {
  const { requests, latency, non2xx, errors, timeouts } = result;
  const failed = non2xx + errors + timeouts;
  console.log(
    `${name.padEnd(22)}${fmt(requests.average)}${fmt(latency.p50, 2)}${fmt(latency.p99, 2)}${String(accepted).padStart(10)}${String(failed).padStart(10)}`,
  );
}
const [base, real] = rows as [(typeof rows)[number], (typeof rows)[number]];
console.log(
  `\ningest / baseline: throughput ${(real.result.requests.average / base.result.requests.average).toFixed(2)}x, ` +
    `p50 ${(real.result.latency.p50 / Math.max(base.result.latency.p50, 0.001)).toFixed(1)}x, ` +
    `p99 ${(real.result.latency.p99 / Math.max(base.result.latency.p99, 0.001)).toFixed(1)}x`,
);
if (real.result.non2xx + real.result.errors + real.result.timeouts > 0) {
  console.log('warning: the ingest answered some requests with a status other than 202; latencies include them');
  process.exitCode = 1;
}
