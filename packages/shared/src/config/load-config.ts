import type { z } from 'zod';
import { ConfigError, type ErrorDetail } from '../errors/index.ts';

export type EnvSource = Record<string, string | undefined>;

/**
 * Parses the environment once against a schema. Every wrong or missing variable is reported
 * in one error that names each of them; values are never echoed (they may be secrets).
 * An empty string counts as unset, so `FOO=` falls back to the default.
 */
export function loadConfig<S extends z.ZodType>(schema: S, source: EnvSource): Readonly<z.output<S>> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return Object.freeze(result.data);
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    field: String(issue.path[0] ?? '(root)'),
    message: issue.message,
  }));
  const lines = details.map((d) => `  ${d.field}: ${d.message}`).join('\n');
  throw new ConfigError(`invalid configuration:\n${lines}`, details);
}
