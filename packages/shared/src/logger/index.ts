// Public API: createLogger(options) -> pino Logger, created once in main and passed down as
// child loggers. Secrets (signatures, API keys, authorization) and personal data (names, emails,
// phones) are redacted wherever they appear in the standard shapes we log.
import pino, { type Logger, type LoggerOptions } from 'pino';

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
  /** Pretty output only on a terminal; never decided by NODE_ENV. */
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(config, options.destination);
  if (options.pretty) {
    return pino({
      ...config,
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } },
    });
  }
  return pino(config);
}
