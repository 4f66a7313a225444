// The first step of every service's wiring: its configuration, read once, and the logger it
// configures. A refused configuration is logged at fatal by a logger that needs none (each
// variable named, never a value) and the process exits 1, before anything connects.
import type { z } from 'zod';
import { type EnvSource, loadConfig } from '../config/load-config.ts';
import { createLogger, type Logger } from '../logger/index.ts';
import { exitOnStartupFailure } from './exit-on-failure.ts';

interface LoggingConfig {
  LOG_LEVEL: string;
  LOG_PRETTY: boolean;
}

export function loadServiceConfig<S extends z.ZodType<LoggingConfig>>(
  schema: S,
  service: string,
  source: EnvSource = process.env,
): { config: Readonly<z.output<S>>; logger: Logger } {
  let config: Readonly<z.output<S>>;
  try {
    config = loadConfig(schema, source);
  } catch (error) {
    exitOnStartupFailure(createLogger({ name: service, level: 'info' }), error);
  }
  return { config, logger: createLogger({ name: service, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }) };
}
