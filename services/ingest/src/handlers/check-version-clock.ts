// A version taken from a sender's clock (Cal.com's createdAt, a forwarded Retell timestamp) must
// not be ahead of ours by more than INGEST_MAX_CLOCK_SKEW_MS (issue #21): a booking whose
// version says 2999 would win against every later real update, so a sender's broken clock could
// pin it forever. Small skews between real servers stay accepted. Pure: "now" is passed in.
import { InvalidEventError } from '@booking/shared/errors';

export interface VersionClock {
  /** the receiver's clock when the webhook arrived (epoch ms) */
  receivedAt: number;
  maxSkewMs: number;
}

/** Why `version` cannot be accepted at `clock`, or undefined when it can. */
export function versionAheadProblem(version: number, clock: VersionClock): string | undefined {
  const ahead = version - clock.receivedAt;
  if (ahead <= clock.maxSkewMs) return undefined;
  return `is ${ahead} ms ahead of the receiver's clock (${new Date(clock.receivedAt).toISOString()}); at most ${clock.maxSkewMs} ms are allowed (INGEST_MAX_CLOCK_SKEW_MS)`;
}

/** Throws EVENT_INVALID (a 400) naming `field` when the version is too far ahead. */
export function assertVersionNotAhead(version: number, field: string, clock: VersionClock): void {
  const message = versionAheadProblem(version, clock);
  if (message) throw new InvalidEventError(`${field} ${message}`, { details: [{ field, message }] });
}
