// Keeps a set of services running: a service that exits without being asked to (crash, SIGKILL,
// a SIGTERM from someone else) is restarted after the restart policy's backoff while the others
// keep running; one that keeps failing is given up on, loudly. stop() sends every running
// service one SIGTERM and resolves once all have exited.
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { decideRestart, type RestartPolicy } from './restart-policy.ts';
import { type LineSink, spawnService } from './service-process.ts';

export interface SupervisedService {
  name: string;
  env: NodeJS.ProcessEnv;
  /** Entry point other than services/<name>/src/main.ts (the chaos suite's instrumented booker). */
  main?: string;
}

export interface SupervisorOptions {
  services: SupervisedService[];
  policy: RestartPolicy;
  /** Each output line of a service; without it, services write to this process's stdout/stderr themselves. */
  onLine?: (service: string, line: string, stream: 'stdout' | 'stderr') => void;
  log: (service: string, message: string, level: 'info' | 'error') => void;
}

export interface SupervisorEvents {
  started: [{ service: string; pid: number }];
  exited: [{ service: string; code: number | null; signal: NodeJS.Signals | null }];
  'gave-up': [{ service: string; attempts: number }];
}

interface Slot {
  service: SupervisedService;
  child?: ChildProcess;
  startedAt: number;
  failuresInARow: number;
  restarts: number;
  timer?: NodeJS.Timeout;
  gaveUp: boolean;
  retired: boolean;
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly #options: SupervisorOptions;
  readonly #slots = new Map<string, Slot>();
  #stopping = false;

  constructor(options: SupervisorOptions) {
    super();
    this.#options = options;
    for (const service of options.services) {
      this.#slots.set(service.name, Supervisor.#slot(service));
    }
  }

  static #slot(service: SupervisedService): Slot {
    return { service, startedAt: 0, failuresInARow: 0, restarts: 0, gaveUp: false, retired: false };
  }

  /** Starts one more supervised service (e.g. a second booker joining the group). */
  add(service: SupervisedService): void {
    const slot = Supervisor.#slot(service);
    this.#slots.set(service.name, slot);
    this.#spawn(slot);
  }

  /** Stops one service with SIGTERM for good (no restart) and resolves once it exited. */
  async retire(name: string): Promise<void> {
    const slot = this.#slots.get(name);
    if (!slot) return;
    slot.retired = true;
    clearTimeout(slot.timer);
    await Supervisor.#terminate(slot.child);
    this.#slots.delete(name);
  }

  static #terminate(child: ChildProcess | undefined): Promise<unknown> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return exited;
  }

  start(): void {
    for (const slot of this.#slots.values()) this.#spawn(slot);
  }

  pid(service: string): number | undefined {
    const child = this.#slots.get(service)?.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  restarts(service: string): number {
    return this.#slots.get(service)?.restarts ?? 0;
  }

  /** Names of the services the supervisor gave up on. */
  givenUp(): string[] {
    return [...this.#slots.values()].filter((s) => s.gaveUp).map((s) => s.service.name);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    for (const slot of this.#slots.values()) clearTimeout(slot.timer);
    await Promise.all([...this.#slots.values()].map((slot) => Supervisor.#terminate(slot.child)));
  }

  #spawn(slot: Slot): void {
    const { name, env, main } = slot.service;
    const onLine = this.#options.onLine;
    const sink: LineSink | undefined = onLine ? (line, stream) => onLine(name, line, stream) : undefined;
    const child = spawnService(name, env, sink, main);
    slot.child = child;
    slot.startedAt = Date.now();
    child.once('spawn', () => {
      this.#options.log(name, `started (pid ${child.pid})`, 'info');
      this.emit('started', { service: name, pid: child.pid as number });
    });
    child.once('error', (error) => this.#options.log(name, `could not start: ${error.message}`, 'error'));
    child.once('exit', (code, signal) => this.#onExit(slot, code, signal));
  }

  #onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const name = slot.service.name;
    const log = this.#options.log;
    log(name, `exited (${signal ?? code})`, this.#stopping || slot.retired ? 'info' : 'error');
    this.emit('exited', { service: name, code, signal });
    if (this.#stopping || slot.retired) return;
    const { policy } = this.#options;
    const decision = decideRestart(policy, slot.failuresInARow, Date.now() - slot.startedAt);
    if (decision.action === 'give-up') {
      slot.gaveUp = true;
      log(
        name,
        `GAVE UP: it exited ${decision.attempts + 1} times in a row within ${policy.stableAfterMs / 1000} s of starting; ` +
          'the other services keep running — fix the cause (see the lines above), then restart',
        'error',
      );
      this.emit('gave-up', { service: name, attempts: decision.attempts });
      return;
    }
    slot.failuresInARow = decision.attempt;
    slot.restarts += 1;
    log(
      name,
      `exited unexpectedly; restarting in ${decision.delayMs} ms (attempt ${decision.attempt}/${policy.maxRestarts}, ` +
        `${slot.restarts} restarts so far)`,
      'error',
    );
    slot.timer = setTimeout(() => this.#spawn(slot), decision.delayMs);
  }
}
