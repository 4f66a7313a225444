// npm-start: the pipeline as a user runs it — `node tools/start.ts` (the supervisor behind
// `npm start`) with its default logging, its output redirected to a file as in
// `npm start > run.log` — on throw-away topics, a scratch database and free ports, measured like
// `pipeline` (warm-up, open-loop Poisson arrivals, end to end to cache:invalidations, CPU per
// webhook of every process including the supervisor). --start-prefix runs it with --prefix (the
// supervisor reading and re-writing every line), --start-root another checkout (an A/B of two
// versions in one run).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { topicVariables } from '@booking/shared/config';
import { freePort, uniqueName } from '@booking/shared/testing';
import { pidListeningOn, stackProcesses } from '../lib/cpu.ts';
import { scratchDatabase } from '../lib/database.ts';
import { listenInvalidations } from '../lib/invalidations.ts';
import { benchKafka, benchTopics, createBenchTopics, DEFAULT_PARTITIONS, deleteTopics } from '../lib/kafka.ts';
import { measurePipeline } from '../lib/pipeline-run.ts';
import { bareSaturation, CONNECTIONS, saturation } from '../lib/saturation.ts';
import { defineScenario, intOption } from '../lib/scenario.ts';
import { BENCH_SECRET, BENCH_TEAM_ID } from '../lib/webhooks.ts';
import { bareLatency } from './pipeline.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

async function waitReady(urls: string[], child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (const url of urls) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before ${url} was ready`);
      if (
        await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error(`${url} not ready within 180 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export default defineScenario({
  summary: 'the pipeline through npm start (supervisor, default logging, output to a file), per stage and CPU',
  defaults: { rate: 500, duration: 20 },
  options: {
    'start-prefix': { type: 'boolean', description: 'npm-start: run it with --prefix (lines through the supervisor)' },
    'start-root': { type: 'string', description: 'npm-start: the checkout whose tools/start.ts and services run (A/B)' },
    saturation: {
      type: 'string',
      description:
        'npm-start: then S seconds of closed-loop saturation of the ingest with the pipeline running, vs the bare server',
    },
  },
  async run(ctx) {
    const partitions = intOption(ctx.values, 'partitions', DEFAULT_PARTITIONS);
    const root = typeof ctx.values['start-root'] === 'string' ? resolve(ctx.values['start-root']) : ROOT;
    ctx.log('HTTP ceiling at the same rate');
    const bare = await bareLatency(ctx.rate, Math.min(ctx.seconds, 10), ctx.arrivals);
    const saturationSeconds = intOption(ctx.values, 'saturation', 0);
    const bareSaturated = saturationSeconds > 0 ? await bareSaturation(saturationSeconds) : undefined;
    const id = uniqueName('bench-start');
    const kafka = benchKafka('bench-npm-start');
    const topics = benchTopics(id);
    // `npm start` migrates the database with its own checkout's migrations (see scratchDatabase).
    const db = await scratchDatabase('bench_start', { migrate: false });
    const listener = await listenInvalidations('', id);
    const dir = mkdtempSync(join(tmpdir(), 'bench-npm-start-'));
    const ports = { ingest: await freePort(), booker: await freePort(), invalidator: await freePort() };
    const url = (port: number) => `http://127.0.0.1:${port}`;
    const out = openSync(join(dir, 'npm-start.log'), 'w');
    let child: ChildProcess | undefined;
    try {
      await createBenchTopics(kafka, topics, partitions);
      const { LOG_LEVEL: _level, ...env } = process.env;
      const args = [join(root, 'tools', 'start.ts'), ...(ctx.values['start-prefix'] === true ? ['--prefix'] : [])];
      child = spawn(process.execPath, args, {
        cwd: root,
        stdio: ['ignore', out, out],
        env: {
          ...env,
          NODE24_SKIP_INSTALL: '1',
          DATABASE_URL: db.url,
          INGEST_PORT: String(ports.ingest),
          BOOKER_PORT: String(ports.booker),
          INVALIDATOR_PORT: String(ports.invalidator),
          INGEST_SPOOL_DIR: join(dir, 'spool'),
          BOOKER_GROUP_ID: `${id}-booker`,
          INVALIDATOR_GROUP_ID: `${id}-inv`,
          ...topicVariables(topics),
          KAFKA_TOPIC_PARTITIONS: String(partitions),
          CALCOM_WEBHOOK_SECRETS: BENCH_SECRET,
          CALCOM_ALLOWED_TEAM_IDS: BENCH_TEAM_ID,
          RETELL_API_KEY: 'bench',
        },
      });
      await waitReady(Object.values(ports).map(url), child);
      const pids: Record<string, number> = { supervisor: child.pid as number };
      for (const [name, port] of Object.entries(ports)) {
        const pid = pidListeningOn(port);
        if (pid === undefined) throw new Error(`no process listens on the ${name} port ${port}`);
        pids[name] = pid;
      }
      ctx.log(`npm start from ${root}${ctx.values['start-prefix'] === true ? ' --prefix' : ''}: pids ${JSON.stringify(pids)}`);
      const rows = await measurePipeline(
        ctx,
        {
          ingestUrl: url(ports.ingest),
          bookerUrl: url(ports.booker),
          serviceUrls: Object.values(ports).map(url),
          processes: { ...pids, ...stackProcesses() },
          services: ['ingest', 'booker', 'invalidator'],
          listener,
          uid: (phase, i) => `${id}-${phase}${i}`,
        },
        bare,
      );
      if (bareSaturated) {
        ctx.log(`ingest saturation for ${saturationSeconds} s, the pipeline running`);
        const saturated = await saturation(url(ports.ingest), saturationSeconds, (i) => `${id}-sat${i}`);
        rows.push({
          figure: `ingest saturation (${CONNECTIONS} connections, pipeline running)`,
          value: saturated.throughput,
          unit: 'req/s',
          better: 'higher',
          latency: saturated.latency,
          baseline: { name: 'bare HTTP', value: bareSaturated.throughput },
          target: '≥ 0.5',
          targetOn: 'ratio',
          note: saturated.failed > 0 ? `${saturated.failed} of ${saturated.sent} not 202` : undefined,
        });
      }
      return rows;
    } finally {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child?.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      closeSync(out);
      await listener.close();
      await deleteTopics(kafka, Object.values(topics));
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
