// Public API: AppError and its few subclasses, with stable string codes.
// Branch on `code` or on the type guards, never on `message`.

export const ERROR_CODES = [
  'CONFIG_INVALID',
  'EVENT_INVALID',
  'SIGNATURE_INVALID',
  'FORBIDDEN',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'DEPENDENCY_UNAVAILABLE',
  'SCHEMA_UNKNOWN',
  'SPOOL_FULL',
  'OVERLOADED',
  'SCHEMA_DRIFT',
  'DATABASE_UNSUPPORTED',
  'TOPIC_CONFIG_DRIFT',
  'FIRST_START_UNREACHABLE',
  'INVARIANT_BROKEN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  field?: string;
  message: string;
}

export interface AppErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  details?: ErrorDetail[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, opts: AppErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = opts.retriable ?? false;
    this.details = opts.details ?? [];
  }
}

/**
 * The base of an error class whose code and retry rule are fixed, so that each class below
 * states only those (and its name, which AppError takes from the class).
 */
function fixedError(code: ErrorCode, rule: { retriable: boolean }) {
  return class extends AppError {
    constructor(message: string, opts: Omit<AppErrorOptions, 'retriable'> = {}) {
      super(code, message, { ...opts, retriable: rule.retriable });
    }
  };
}

/** A record or request that will never be valid: retrying cannot help. */
export class InvalidEventError extends fixedError('EVENT_INVALID', { retriable: false }) {}

/** A database, broker, registry or cache that is down or busy: retry with backoff. */
export class DependencyUnavailableError extends fixedError('DEPENDENCY_UNAVAILABLE', { retriable: true }) {}

/**
 * The registry does not know a record's schema id. Not proof of a bad record: a registry that
 * lost its state, or a wrong SCHEMA_REGISTRY_URL, answers 404 for every id, and our producers
 * register before they produce. Retried like an outage (DESIGN.md "Consumer error policy").
 */
export class SchemaUnknownError extends fixedError('SCHEMA_UNKNOWN', { retriable: true }) {}

/**
 * What the code assumes about the data did not hold (e.g. a row written in this transaction
 * is not found in it). Not retriable: the same record fails the same way, so the consumer
 * parks it once it fails alone with every dependency up (DESIGN.md "Consumer error policy").
 */
export class InvariantError extends fixedError('INVARIANT_BROKEN', { retriable: false }) {}

export class ConfigError extends AppError {
  constructor(message: string, details: ErrorDetail[]) {
    super('CONFIG_INVALID', message, { details });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function isRetriable(error: unknown): boolean {
  return isAppError(error) && error.retriable;
}

/** A call on a deadline did not finish in time; the work may still complete later. */
export class DeadlineExceededError extends DependencyUnavailableError {
  constructor(what: string, deadlineMs: number) {
    super(`${what} did not finish within ${deadlineMs} ms`);
  }
}
