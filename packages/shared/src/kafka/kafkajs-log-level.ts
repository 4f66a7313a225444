// The level a kafkajs log line gets in our logs. kafkajs logs every error answer of a broker at
// ERROR ("Response FindCoordinator(…)", {error: "The coordinator is loading…"}), also the
// transient ones it retries by itself and that every healthy start sees while the group
// coordinator or a new topic's leaders settle. Those are demoted to info, so that a healthy start
// logs nothing above info (issue #18); a condition that persists still surfaces, as the failure
// of the call that needed it, in our own logs at its real level.
import { logLevel } from 'kafkajs';

export type PinoLevel = 'error' | 'warn' | 'info' | 'debug';

/** kafkajs' messages (src/protocol/error.js) of the broker answers that mean "not yet, retry". */
const SETTLING_ANSWERS = new Set([
  'This server does not host this topic-partition', // UNKNOWN_TOPIC_OR_PARTITION: a topic just created
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  "The coordinator is loading and hence can't process requests for this group",
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
]);

export function kafkajsLogLevel(level: logLevel, message: string, fields: Record<string, unknown>): PinoLevel {
  // Bounded producer retries are deliberate here (a failed send fails the batch, which is
  // retried whole; consumers are idempotent), so kafkajs' warning about it is debug noise.
  if (message.startsWith('Limiting retries for the idempotent producer')) return 'debug';
  if (message.startsWith('Response ') && typeof fields.error === 'string' && SETTLING_ANSWERS.has(fields.error)) return 'info';
  if (level === logLevel.ERROR || level === logLevel.NOTHING) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}
