// Public API: createLogger(options) -> pino Logger, created once in main and passed down as
// child loggers. Secrets (signatures, API keys, authorization) and personal data (names, emails,
// phones) are redacted wherever they appear in the standard shapes we log. A line written inside
// a traced span carries its trace_id and span_id.
import { createRequire } from 'node:module';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { traceLogFields } from '../tracing/log-fields.ts';

export type { Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-cal-signature-256"]',
  'req.headers["x-retell-signature"]',
  'headers.authorization',
  'headers["x-cal-signature-256"]',
  'headers["x-retell-signature"]',
  '*.password',
  'sasl.password',
  '*.sasl.password',
  'auth.password',
  '*.auth.password',
  '*.secret',
  '*.secrets',
  '*.apiKey',
  '*.email',
  '*.phone',
  // not '*.name': that would also hide err.name (the error class) in every error log
  'customer.name',
  'attendee.name',
  'organizer.name',
  '*.customerEmail',
  '*.customerPhone',
  '*.customerName',
  '*.callerPhone',
  'email',
  'phone',
  'customerEmail',
  'customerPhone',
  'customerName',
  'callerPhone',
  'body',
  'rawBody',
  'payload',
];

export interface CreateLoggerOptions {
  level: string;
  name: string;
  /**
   * Pretty output when asked for (LOG_PRETTY=true) and pino-pretty is installed; a production
   * install has no dev dependencies, so there it falls back to JSON with one warning instead of
   * crashing. Never decided by NODE_ENV or by stdout being a terminal (`docker run -it`).
   */
  pretty?: boolean;
  /** Whether pino-pretty can be loaded; injectable for tests. */
  prettyAvailable?: () => boolean;
  destination?: pino.DestinationStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    // trace_id/span_id of the active span while tracing runs (tracing/log-fields.ts)
    mixin: traceLogFields,
  };
  const pretty = options.pretty === true && (options.prettyAvailable ?? isPrettyAvailable)();
  if (pretty) {
    return pino({
      ...config,
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } },
    });
  }
  const logger = options.destination ? pino(config, options.destination) : pino(config);
  if (options.pretty) logger.warn({ variable: 'LOG_PRETTY' }, 'pino-pretty is not installed (production install): logging JSON');
  return logger;
}

export function isPrettyAvailable(): boolean {
  try {
    // pino resolves a transport target from its own location; resolving from here finds the same
    // hoisted package in the npm workspace.
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
