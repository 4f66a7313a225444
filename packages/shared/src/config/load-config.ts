import type { z } from 'zod';
import { ConfigError, type ErrorDetail } from '../errors/index.ts';

export type EnvSource = Record<string, string | undefined>;

// An empty string counts as unset, so `FOO=` falls back to the default.
function parseEnv<S extends z.ZodType>(schema: S, source: EnvSource) {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return { config: result.data as z.output<S>, details: [] };
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    field: String(issue.path[0] ?? '(root)'),
    message: issue.message,
  }));
  return { config: undefined, details };
}

/**
 * Parses the environment once against a schema. Every wrong or missing variable is reported
 * in one error that names each of them; values are never echoed (they may be secrets).
 */
export function loadConfig<S extends z.ZodType>(schema: S, source: EnvSource): Readonly<z.output<S>> {
  const { config, details } = parseEnv(schema, source);
  if (config !== undefined) return Object.freeze(config);
  const lines = details.map((d) => `  ${d.field}: ${d.message}`).join('\n');
  throw new ConfigError(`invalid configuration:\n${lines}`, details);
}

/** What loadConfig would refuse, one `VARIABLE: reason` line each; empty when the source is valid. */
export function configProblems(schema: z.ZodType, source: EnvSource): string[] {
  return parseEnv(schema, source).details.map((d) => `${d.field}: ${d.message}`);
}
