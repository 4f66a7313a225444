// Failover measurement: how fast does the ingest answer from its spool once Kafka stops?
// (run with `tools/node24.sh node tools/bench/failover.ts [--runs N]`)
//
// A scratch broker (own ports and data dir, never the shared one) and an in-process ingest on it.
// A steady stream of signed Cal.com webhooks (one every --interval ms, each its own booking uid)
// runs while the broker is stopped (SIGTERM) and, --outage seconds later, started again. Per run:
// - first spooled: time from the stop signal to the first answer "202 spooled";
// - longest answer: the longest request → answer time of requests sent during the outage;
// - answers: every answer must be a 202 (else the run reports the statuses it saw).
// Prints one line per run and the median with min–max over the runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALCOM_SECRET, calcomBooking, calcomHeaders, post, startTestIngest } from '@booking/ingest/testing';
import { freePort } from '@booking/shared/testing';
import { type CommandSpec, parseCommandLine } from '../../packages/cli/src/lib/cli.ts';
import { createScratchKafka } from '../stack/kafka.ts';

const spec: CommandSpec = {
  name: 'failover bench',
  summary: 'How fast the ingest answers from its spool once a scratch Kafka broker stops under a steady stream of webhooks.',
  usage: 'node tools/bench/failover.ts [--runs N] [--interval MS] [--outage S]',
  options: {
    runs: { type: 'string', description: 'repetitions', default: '3' },
    interval: { type: 'string', description: 'milliseconds between webhooks', default: '20' },
    outage: { type: 'string', description: 'seconds the broker stays stopped', default: '20' },
  },
};
const { values } = parseCommandLine(spec);
const RUNS = Number(values.runs);
const INTERVAL_MS = Number(values.interval);
const OUTAGE_MS = Number(values.outage) * 1000;

interface Answer {
  sentAt: number;
  answeredAt: number;
  status: number;
  spooled: boolean;
}

const dir = mkdtempSync(join(tmpdir(), 'failover-bench-'));
const scratch = createScratchKafka({ port: await freePort(), controllerPort: await freePort(), dir });
await scratch.start();
const results: { firstSpooledMs: number; longestMs: number; statuses: string }[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const ingest = await startTestIngest({ brokers: scratch.brokers });
    const answers: Answer[] = [];
    const pending: Promise<void>[] = [];
    let n = 0;
    const timer = setInterval(() => {
      const body = JSON.stringify(calcomBooking(`uid-failover-${run}-${n++}`));
      const sentAt = performance.now();
      pending.push(
        post(`${ingest.url}/webhooks/calcom`, body, calcomHeaders(body, CALCOM_SECRET)).then(
          (r) => void answers.push({ sentAt, answeredAt: performance.now(), status: r.status, spooled: r.body.spooled === true }),
          () => void answers.push({ sentAt, answeredAt: performance.now(), status: 0, spooled: false }),
        ),
      );
    }, INTERVAL_MS);
    await new Promise((r) => setTimeout(r, 2000));
    const stoppedAt = performance.now();
    await scratch.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS - (performance.now() - stoppedAt)));
    const restartAt = performance.now();
    await scratch.start();
    await ingest.app.spoolDrained();
    clearInterval(timer);
    await Promise.all(pending);
    await ingest.stop();

    const firstSpooled = answers.filter((a) => a.spooled).sort((a, b) => a.answeredAt - b.answeredAt)[0];
    const during = answers.filter((a) => a.sentAt >= stoppedAt && a.sentAt < restartAt);
    const longest = Math.max(...during.map((a) => a.answeredAt - a.sentAt));
    const statuses = [...new Set(answers.map((a) => a.status))].join(',');
    const result = {
      firstSpooledMs: firstSpooled ? firstSpooled.answeredAt - stoppedAt : Number.NaN,
      longestMs: longest,
      statuses,
    };
    results.push(result);
    console.log(
      `run ${run}: first 202 spooled ${result.firstSpooledMs.toFixed(0)} ms after the stop, longest answer during the outage ${longest.toFixed(0)} ms, ${answers.length} answers, statuses ${statuses}`,
    );
  }
} finally {
  await scratch.stop();
  rmSync(dir, { recursive: true, force: true });
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]?.toFixed(0)} ms (min ${s[0]?.toFixed(0)}, max ${s.at(-1)?.toFixed(0)})`;
};
console.log(`first 202 spooled after the stop: ${summary(results.map((r) => r.firstSpooledMs))}`);
console.log(`longest answer during the outage: ${summary(results.map((r) => r.longestMs))}`);
