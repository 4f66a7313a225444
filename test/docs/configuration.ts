// The configuration variables of every service, derived from the schemas the services parse
// (packages/shared/src/config/schema.ts), and readers of the
// two places that document them for people: README.md "Configuration" and .env.example.
// test/docs/configuration.test.ts keeps the three in agreement.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookerSchema, ingestSchema, invalidatorSchema } from '@booking/shared/config';
import type { z } from 'zod';

export const ROOT = join(import.meta.dirname, '..', '..');

export const SERVICE_SCHEMAS = {
  ingest: ingestSchema,
  booker: bookerSchema,
  'cache-invalidator': invalidatorSchema,
} as const satisfies Record<string, z.ZodObject>;

export interface Variable {
  name: string;
  /** The default as one would write it in the environment: `unset`, `empty` or the value. */
  default: string;
  /** `all`, or the services (comma-separated) whose schema has the variable. */
  readBy: string;
}

function envForm(value: unknown): string {
  if (value === undefined) return 'unset';
  if (value === '' || (Array.isArray(value) && value.length === 0)) return 'empty';
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function schemaVariables(): Variable[] {
  const readers = new Map<string, string[]>();
  const defaults = new Map<string, string>();
  for (const [service, schema] of Object.entries(SERVICE_SCHEMAS)) {
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      readers.set(name, [...(readers.get(name) ?? []), service]);
      const parsed = field.safeParse(undefined);
      defaults.set(name, parsed.success ? envForm(parsed.data) : 'required');
    }
  }
  const all = Object.keys(SERVICE_SCHEMAS).length;
  return [...readers.entries()]
    .map(([name, services]) => ({
      name,
      default: defaults.get(name) ?? 'required',
      readBy: services.length === all ? 'all' : services.join(', '),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Rows of the first table under README's "## Configuration": variable, type, default, read by, meaning. */
export function readmeVariables(readme = readFileSync(join(ROOT, 'README.md'), 'utf8')): (Variable & { type: string })[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration')) ?? '';
  const rows = section.split('\n').filter((l) => /^\| `[A-Z0-9_]+` \|/.test(l));
  return rows
    .map((row) => {
      const [name = '', type = '', fallback = '', readBy = ''] = row
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      const unquoted = (cell: string) => cell.replace(/^`(.*)`$/, '$1');
      return { name: unquoted(name), type, default: unquoted(fallback), readBy };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `NAME=value` lines of .env.example (comments and blank lines skipped), in file order. */
export function envExample(text = readFileSync(join(ROOT, '.env.example'), 'utf8')): [string, string][] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
    .map((l) => {
      const at = l.indexOf('=');
      return at < 0 ? [l.trim(), ''] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
    });
}
