// How a service process ends when it cannot go on: once, at fatal, with a non-zero exit for its
// supervisor (npm start, Kubernetes) to act on.
import type { Logger } from 'pino';

/** Logs a start-up failure once at fatal and exits non-zero (a service that can start degraded decided before). */
export function exitOnStartupFailure(logger: Logger, error: unknown): never {
  logger.fatal({ err: error }, 'start-up failed');
  process.exit(1);
}

/**
 * The consumer services' `onFatal`: the consumer stayed stopped through every restart
 * (`keepConsuming`), so the process exits for its supervisor (npm start, Kubernetes) to restart
 * it rather than stay alive without consuming.
 */
export function exitOnFatal(logger: Logger): (error: unknown) => never {
  return (error) => {
    logger.fatal({ err: error }, 'consumer stayed stopped despite restarts, exiting');
    process.exit(1);
  };
}
