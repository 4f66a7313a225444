// Whose failure is it: the world's (an outage: retry in place, park nothing) or possibly the
// records' (narrow the group down and park what fails alone, DESIGN.md "Consumer error
// policy"). Pure, and deliberately biased towards "outage": parking an outage loses bookings,
// retrying a poison record only delays them until it is isolated or parked by hand.
//
// The error and every `cause` below it are read. Third-party errors are recognised by their
// stable identifiers (Node/driver `code`, MariaDB `errno`, MikroORM and kafkajs class names);
// only ioredis's "Connection is closed." has nothing but its message.
import { isAppError } from '../errors/index.ts';

export type FailureScope = 'outage' | 'record';

/** Our codes that say "the environment is wrong", never "this record is wrong". */
const ENVIRONMENT_CODES = new Set(['SCHEMA_DRIFT', 'DATABASE_UNSUPPORTED', 'TOPIC_CONFIG_DRIFT', 'CONFIG_INVALID']);

/** Node sockets, DNS, mysql2 protocol states. */
const SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ERR_SOCKET_CLOSED',
]);

/**
 * MariaDB errors that a healthy server answers for any record: connection and resource limits,
 * lock waits and deadlocks, timeouts, a read-only or shutting-down server, and the schema or
 * privileges not matching the code (a dropped column fails every record alone, which is still
 * not the records' fault).
 */
const SERVER_ERRNOS = new Set([
  1021, 1037, 1038, 1040, 1041, 1044, 1045, 1046, 1049, 1053, 1054, 1064, 1077, 1079, 1080, 1081, 1105, 1114, 1135, 1142, 1143,
  1146, 1152, 1153, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161, 1180, 1181, 1203, 1205, 1213, 1223, 1227, 1290, 1317, 1613,
  1614, 1792, 1836, 1927, 1969, 2002, 2003, 2004, 2005, 2006, 2013, 2055, 3024, 4031,
]);

/** MikroORM's translations of the errnos above, for errors that lost their errno. */
const OUTAGE_NAMES = new Set([
  'ConnectionException',
  'DeadlockException',
  'LockWaitTimeoutException',
  'ReadOnlyException',
  'TableNotFoundException',
  'InvalidFieldNameException',
  'SyntaxErrorException',
  'NonUniqueFieldNameException',
  'MaxRetriesPerRequestError',
  'AbortError',
]);

/** Redis replies of a server that is loading, failing over or read-only. */
const REDIS_BUSY = /^(LOADING|READONLY|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|BUSY|NOREPLICAS|MOVED|ASK) /;

function looksLikeOutage(error: unknown): boolean {
  if (isAppError(error)) return error.retriable || ENVIRONMENT_CODES.has(error.code);
  if (!(error instanceof Error)) return false;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  if (typeof code === 'string' && SYSTEM_CODES.has(code)) return true;
  if (typeof errno === 'number' && SERVER_ERRNOS.has(errno)) return true;
  if (error.name.startsWith('KafkaJS') || OUTAGE_NAMES.has(error.name)) return true;
  if (/time[d]?out/i.test(error.name)) return true;
  if (error.name === 'ReplyError' && REDIS_BUSY.test(error.message)) return true;
  return error.message === 'Connection is closed.';
}

/** 'outage' when the error, or any error it was caused by, says a dependency is unwell. */
export function failureScope(error: unknown): FailureScope {
  const seen = new Set<unknown>();
  for (let e = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (looksLikeOutage(e)) return 'outage';
  }
  return 'record';
}

/**
 * The stable code of a failure, for the DLQ header and the parked counter's label: our error
 * code, else a driver's code (ER_SIGNAL_EXCEPTION, ER_DATA_TOO_LONG, …), else UNKNOWN.
 */
export function failureCode(error: unknown): string {
  const seen = new Set<unknown>();
  for (let e = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (isAppError(e)) return e.code;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code)) return code;
  }
  return 'UNKNOWN';
}
