// The faults of the chaos suite: each injects one fault into the private pipeline and heals it.
// A killed or stopped service is never restarted by the suite: the supervisor does that, as
// `npm start` would, and the run measures how long it took.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@booking/shared/testing';
import { serviceMain } from '../start/service-process.ts';
import { type ChaosPipeline, CRASH_POINT_FILE } from './chaos-pipeline.ts';
import { isReady, until } from './observe.ts';

export interface Scenario {
  name: string;
  describe: string;
  /** Runs before the load starts (e.g. a process that must be up when the fault is injected). */
  prepare?(p: ChaosPipeline): Promise<void>;
  inject(p: ChaosPipeline): Promise<void>;
  /** Ends the fault after the hold time; for a killed service, waits until it was restarted. */
  heal(p: ChaosPipeline): Promise<void>;
  /** Minimum fault duration, e.g. longer than the consumer session timeout. */
  minHoldMs?: number;
}

const SERVICE_URL = { ingest: 'ingest', booker: 'booker', 'cache-invalidator': 'invalidator' } as const;
type Service = keyof typeof SERVICE_URL;

function signalService(service: Service, signal: NodeJS.Signals): Scenario {
  let victim: number | undefined;
  return {
    name: `${signal.toLowerCase()}-${service}`,
    describe: `${signal} to the ${service} process; the supervisor restarts it`,
    async inject(p) {
      victim = p.supervisor.pid(service);
      if (victim === undefined) throw new Error(`${service} is not running`);
      process.kill(victim, signal);
    },
    async heal(p) {
      const restarted = await until(async () => {
        const pid = p.supervisor.pid(service);
        return pid !== undefined && pid !== victim && (await isReady(p.urls[SERVICE_URL[service]]));
      }, 120_000);
      if (!restarted) throw new Error(`${service} did not come back after ${signal}`);
    },
  };
}

/** Starts another booker in the group; returns a wait for its readiness. */
async function addBooker(p: ChaosPipeline, name: string, main = serviceMain('booker')): Promise<() => Promise<void>> {
  const port = await freePort();
  p.supervisor.add({ name, env: { ...p.bookerEnv, BOOKER_PORT: String(port) }, main });
  return async () => {
    if (!(await until(() => isReady(`http://127.0.0.1:${port}`), 90_000))) throw new Error(`${name} did not become ready`);
  };
}

const services: Service[] = ['ingest', 'booker', 'cache-invalidator'];
let joined: () => Promise<void> = async () => undefined;

export const SCENARIOS: Scenario[] = [
  ...services.flatMap((s) => [signalService(s, 'SIGKILL'), signalService(s, 'SIGTERM')]),
  {
    name: 'kafka-kill',
    describe: 'SIGKILL to the broker, started again on the same data after the hold',
    inject: async (p) => p.kafka.signal('SIGKILL'),
    heal: async (p) => {
      await p.kafka.stop(); // reaps the killed process
      await p.kafka.start();
    },
  },
  {
    name: 'kafka-pause',
    describe: 'SIGSTOP to the broker for longer than the consumer session timeout (10 s), then SIGCONT',
    inject: async (p) => p.kafka.signal('SIGSTOP'),
    heal: async (p) => p.kafka.signal('SIGCONT'),
    minHoldMs: 12_000,
  },
  {
    name: 'mariadb-stop',
    describe: "the booker's MariaDB connections cut and refused (TCP proxy), then restored",
    inject: (p) => p.dbProxy.cut(),
    heal: (p) => p.dbProxy.restore(),
  },
  {
    name: 'redis-stop',
    describe: "the invalidator's Redis connections cut and refused (TCP proxy), then restored",
    inject: (p) => p.redisProxy.cut(),
    heal: (p) => p.redisProxy.restore(),
  },
  {
    name: 'second-booker',
    describe: 'a second booker joins the group under load and leaves it again (SIGTERM)',
    inject: async (p) => {
      joined = await addBooker(p, 'booker-2');
    },
    heal: async (p) => {
      await joined();
      await p.supervisor.retire('booker-2');
    },
  },
  {
    name: 'booker-commit-crash',
    describe: 'a booker SIGKILLs itself after its DB commit and produce, before the offset commit; restarted, it leaves',
    async prepare(p) {
      await (await addBooker(p, 'booker-crash', join(import.meta.dirname, 'booker-crash-point.ts')))();
    },
    async inject(p) {
      writeFileSync(join(p.dir, CRASH_POINT_FILE), '');
    },
    async heal(p) {
      const crashed = await until(async () => p.supervisor.restarts('booker-crash') > 0, 60_000);
      if (!crashed) throw new Error('the booker never reached its crash point');
      await until(async () => p.supervisor.pid('booker-crash') !== undefined, 30_000);
      await p.supervisor.retire('booker-crash');
    },
  },
];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);
