import { InvalidEventError } from '@booking/shared/errors';

// JSON is UTF-8 (RFC 8259 §8.1). A lenient decode would turn invalid bytes into U+FFFD and
// store a booking whose text differs from what was signed; found by `npm run fuzz`.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The 400 for a body that cannot be read: it names the body and says what `problem` it has. */
function unreadableBody(problem: string, cause: unknown): InvalidEventError {
  return new InvalidEventError(`body ${problem}`, { cause, details: [{ field: 'body', message: problem }] });
}

/** The body as a JSON object; anything else is a 400 that names the body. */
export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  // two plain try blocks, not a helper taking a callback: this runs for every webhook
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch (error) {
    throw unreadableBody('is not valid UTF-8', error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw unreadableBody('is not valid JSON', error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidEventError('body is not a JSON object', { details: [{ field: 'body', message: 'must be a JSON object' }] });
  }
  return value as Record<string, unknown>;
}

/** What a parser decided about one webhook: a record to produce, or a reason to ignore it. */
export type ParsedWebhook<T> =
  | { kind: 'record'; trigger: string; record: T }
  | { kind: 'ignored'; trigger: string; reason: string };
