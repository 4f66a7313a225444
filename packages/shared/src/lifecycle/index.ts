// Public API: installShutdown — one SIGTERM/SIGINT handler per process that calls stop() once,
// with a deadline after which the process exits non-zero anyway; stopInOrder — that stop() from
// the process's closers; createStopOnce — the idempotent, safe-before-start stop() of every
// service's buildApp; ServiceApp — what every buildApp returns.
import type { Logger } from 'pino';

export interface ShutdownOptions {
  graceMs: number;
  logger: Logger;
  stop: () => Promise<void>;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
}

export function installShutdown(options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal during shutdown, exiting now');
      exit(1);
      return;
    }
    stopping = true;
    options.logger.info({ signal, graceMs: options.graceMs }, 'shutting down');
    const deadline = setTimeout(() => {
      options.logger.error({ graceMs: options.graceMs }, 'shutdown deadline passed, exiting');
      exit(1);
    }, options.graceMs);
    deadline.unref();
    options.stop().then(
      () => {
        clearTimeout(deadline);
        options.logger.info('stopped');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        options.logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, onSignal);
}

/**
 * A process's stop(): its closers one after the other (the app before the clients it borrowed,
 * tracing last so the shutdown's own spans are exported). A failing closer does not skip the
 * rest — the pool and the exporter are closed all the same — and the first failure is rethrown.
 */
export function stopInOrder(...closers: (() => Promise<unknown>)[]): () => Promise<void> {
  return async () => {
    const failures: unknown[] = [];
    for (const close of closers) await close().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  };
}

export {
  createDependencyProbe,
  type DependencyCheck,
  type DependencyProbe,
  type DependencyProbeOptions,
} from './dependency-probe.ts';
export { exitOnFatal, exitOnStartupFailure } from './exit-on-failure.ts';
export { loadServiceConfig } from './load-service-config.ts';
export type { ServiceApp } from './service-app.ts';
export { createStopOnce, type StopOnce } from './stop-once.ts';
export { type Bounded, boundByDeadline, withDeadline } from './with-deadline.ts';
