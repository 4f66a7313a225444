// One exit-code table for every booking-pipeline command, so a script, a Job or an init container
// can branch on the code without knowing which command ran (README "Operations runbook",
// docs/DESIGN.md "Operations"). A command lists the codes it can return, with this meaning.
export const EXIT = {
  /** Done, and nothing to report. */
  ok: 0,
  /** Done, and it found a problem: a failed check, mismatches, dead letters, schema drift. */
  found: 1,
  /** Bad arguments or an unknown command; nothing was done. */
  usage: 2,
  /** Refused: the consumer group has running members, which must be stopped first. */
  groupRunning: 3,
  /** Could not complete: a dependency unreachable, or an unexpected error. */
  failed: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_MEANINGS: Record<ExitCode, string> = {
  0: 'done, nothing to report',
  1: 'done, and it found a problem (a failed check, mismatches, dead letters, schema drift)',
  2: 'usage error: bad arguments or an unknown command, nothing done',
  3: 'refused: the consumer group has running members (stop them first)',
  4: 'could not complete: a dependency unreachable or an unexpected error',
};

type ExitName = keyof typeof EXIT;

/**
 * The exit part of a command's spec, from the codes it words for itself: `usage` and `failed`
 * are always possible (with the table's meaning unless worded), and an unexpected error exits
 * `failed`. So a command cannot list a code with another number or forget the two it always has.
 */
export function commandExits(worded: Partial<Record<ExitName, string>>): {
  exitCodes: Record<number, string>;
  failureExitCode: ExitCode;
} {
  const always: Partial<Record<ExitName, string>> = { usage: EXIT_MEANINGS[EXIT.usage], failed: EXIT_MEANINGS[EXIT.failed] };
  const meanings = { ...always, ...worded };
  const exitCodes = Object.fromEntries(
    (Object.keys(EXIT) as ExitName[]).flatMap((name) => (meanings[name] === undefined ? [] : [[EXIT[name], meanings[name]]])),
  );
  return { exitCodes, failureExitCode: EXIT.failed };
}
