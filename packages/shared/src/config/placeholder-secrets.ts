// The example manifests and docs mark every value an operator must replace with `CHANGE-ME`.
// Such a value would start a service that answers every webhook 401 or logs in with a published
// password, so production refuses it at start instead of running with it. Development and test
// accept it: a local stack has nothing to protect.
import type { z } from 'zod';

const PLACEHOLDER = /CHANGE-ME/i;

function isPlaceholder(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isPlaceholder);
  return typeof value === 'string' && PLACEHOLDER.test(value);
}

/** With NODE_ENV=production, one issue per variable holding a placeholder; never echoes the value. */
export function refusePlaceholders(env: { NODE_ENV: string }, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== 'production') return;
  for (const [variable, value] of Object.entries(env)) {
    if (!isPlaceholder(value)) continue;
    const message = 'holds a CHANGE-ME placeholder, refused with NODE_ENV=production: set the real value';
    ctx.addIssue({ code: 'custom', path: [variable], message });
  }
}
