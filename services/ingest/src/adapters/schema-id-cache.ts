// Last-known schema ids, kept in the spool directory (`schema-ids.json`) so that the ingest can
// start and spool while the registry or Kafka is down (degraded start, DESIGN.md "Ingest spool").
// An id is used only for the exact schema it was registered for: the fingerprint is the sha256
// of the schema's JSON, so a changed schema in the code needs the registry again.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export const SCHEMA_ID_CACHE_FILE = 'schema-ids.json';

export interface CachedSchemaId {
  id: number;
  fingerprint: string;
}
export type SchemaIdCache = Record<string, CachedSchemaId>;

export interface SubjectSchema {
  subject: string;
  schema: object;
}

export const schemaFingerprint = (schema: object): string => createHash('sha256').update(JSON.stringify(schema)).digest('hex');

export function serialiseSchemaIdCache(cache: SchemaIdCache): string {
  return `${JSON.stringify(cache, null, 2)}\n`;
}

/** The cache in a file's text; anything malformed is an empty cache (never a crash). */
export function parseSchemaIdCache(text: string): SchemaIdCache {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const cache: SchemaIdCache = {};
  for (const [subject, entry] of Object.entries(parsed)) {
    const { id, fingerprint } = (entry ?? {}) as Partial<CachedSchemaId>;
    if (Number.isInteger(id) && (id as number) > 0 && typeof fingerprint === 'string') {
      cache[subject] = { id: id as number, fingerprint };
    }
  }
  return cache;
}

/** The cached id of every subject, or undefined unless each was cached for the code's schema. */
export function cachedIdsFor(cache: SchemaIdCache, wanted: SubjectSchema[]): Record<string, number> | undefined {
  const ids: Record<string, number> = {};
  for (const { subject, schema } of wanted) {
    const entry = cache[subject];
    if (!entry || entry.fingerprint !== schemaFingerprint(schema)) return undefined;
    ids[subject] = entry.id;
  }
  return ids;
}

/** Merges freshly registered ids into the cache (other subjects are kept). */
export function withRegisteredIds(cache: SchemaIdCache, registered: (SubjectSchema & { id: number })[]): SchemaIdCache {
  const next = { ...cache };
  for (const { subject, schema, id } of registered) next[subject] = { id, fingerprint: schemaFingerprint(schema) };
  return next;
}

export async function readSchemaIdCache(dir: string): Promise<SchemaIdCache> {
  const text = await readFile(join(dir, SCHEMA_ID_CACHE_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return parseSchemaIdCache(text);
}

/** Writes the cache atomically: tmp file, fsync, rename, fsync of the directory. */
export async function writeSchemaIdCache(dir: string, cache: SchemaIdCache): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, SCHEMA_ID_CACHE_FILE);
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(serialiseSchemaIdCache(cache));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
