import { type EventDefinition, events } from '@booking/shared/events';
import { type RegistryAuth, registryAuthHeaders, SUBJECT_COMPATIBILITY } from '@booking/shared/registry';
import type { CheckResult } from './types.ts';

/** Key-sorted JSON, so that two spellings of the same schema compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function getJson(
  url: string,
  auth: RegistryAuth | undefined,
  init?: RequestInit,
): Promise<{ status: number; body: unknown }> {
  const headers = { ...(init?.headers as Record<string, string> | undefined), ...registryAuthHeaders(auth) };
  const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(3000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Replay reads every version a compacted topic still holds: the subject must be BACKWARD_TRANSITIVE. */
async function checkCompatibility(registryUrl: string, subject: string, auth: RegistryAuth | undefined): Promise<CheckResult> {
  const check = `subject ${subject} compatibility`;
  const config = await getJson(`${registryUrl}/config/${subject}`, auth);
  const level =
    (config.body as { compatibilityLevel?: string } | undefined)?.compatibilityLevel ?? `none (HTTP ${config.status})`;
  return level === SUBJECT_COMPATIBILITY
    ? { check, status: 'PASS', evidence: level }
    : {
        check,
        status: 'WARN',
        evidence: `${level}, the code needs ${SUBJECT_COMPATIBILITY} (a service sets it when it registers)`,
      };
}

/** Each subject's latest schema is the one the code uses, or at least compatible with it. */
export async function checkRegistry(
  registryUrl: string,
  definitions: EventDefinition[] = Object.values(events),
  auth?: RegistryAuth,
): Promise<CheckResult[]> {
  const subjects = await getJson(`${registryUrl}/subjects`, auth);
  if (subjects.status !== 200)
    return [{ check: 'schema registry', status: 'FAIL', evidence: `GET /subjects answered ${subjects.status}` }];
  const results: CheckResult[] = [
    {
      check: 'schema registry',
      status: 'PASS',
      evidence: `${registryUrl} answers, ${(subjects.body as unknown[]).length} subject(s)`,
    },
  ];
  for (const def of definitions) {
    const check = `subject ${def.subject}`;
    const latest = await getJson(`${registryUrl}/subjects/${def.subject}/versions/latest`, auth);
    if (latest.status === 404) {
      results.push({ check, status: 'FAIL', evidence: 'not registered (the services register it at start)' });
      continue;
    }
    results.push(await checkCompatibility(registryUrl, def.subject, auth));
    const { version, schema } = latest.body as { version: number; schema: string };
    if (canonicalJson(JSON.parse(schema)) === canonicalJson(def.schema)) {
      results.push({ check, status: 'PASS', evidence: `version ${version} is the schema the code uses` });
      continue;
    }
    const compat = await getJson(`${registryUrl}/compatibility/subjects/${def.subject}/versions/latest`, auth, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify(def.schema) }),
    });
    const compatible = (compat.body as { is_compatible?: boolean } | undefined)?.is_compatible === true;
    results.push(
      compatible
        ? { check, status: 'WARN', evidence: `version ${version} differs from the code's schema but is compatible` }
        : { check, status: 'FAIL', evidence: `version ${version} is incompatible with the code's schema` },
    );
  }
  return results;
}
