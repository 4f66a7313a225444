// Apicurio Registry 3.3 (Confluent-compatible API at /apis/ccompat/v7) from Maven Central.
// Its default storage is in-memory H2, which forgets every schema id on restart while the
// records in Kafka still carry those ids; an H2 file under .local/stack keeps them.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findJava } from './java.ts';
import { isAlive, portOpen, readPid, run, stackDir, startDetached, waitFor } from './processes.ts';

export const REGISTRY_PORT = 8081;
export const REGISTRY_MANAGEMENT_PORT = 9581;
export const REGISTRY_VERSION = '3.3.3';
export const REGISTRY_URL = `http://127.0.0.1:${REGISTRY_PORT}/apis/ccompat/v7`;
const appDir = join(stackDir, 'apicurio');

function fetchRegistry(): void {
  const marker = join(appDir, '.complete');
  if (existsSync(marker)) return;
  console.log(`registry: fetching apicurio-registry-app ${REGISTRY_VERSION} from Maven Central (once; cached in ~/.m2)`);
  run('mvn', [
    '-B',
    '-q',
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
    `-Dartifact=io.apicurio:apicurio-registry-app:${REGISTRY_VERSION}:tar.gz:all`,
    `-DoutputDirectory=${stackDir}`,
  ]);
  mkdirSync(appDir, { recursive: true });
  run('tar', ['-xzf', join(stackDir, `apicurio-registry-app-${REGISTRY_VERSION}-all.tar.gz`), '-C', appDir]);
  run('rm', ['-f', join(stackDir, `apicurio-registry-app-${REGISTRY_VERSION}-all.tar.gz`)]);
  writeFileSync(marker, new Date().toISOString());
}

async function answers(): Promise<boolean> {
  try {
    const res = await fetch(`${REGISTRY_URL}/subjects`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

export async function registryUp(): Promise<string> {
  if (isAlive(readPid('registry'))) return 'already running';
  if (await portOpen(REGISTRY_PORT))
    return `port ${REGISTRY_PORT} already in use; using that registry (not started by this stack)`;
  fetchRegistry();
  const java = findJava(21);
  const pid = startDetached('registry', java, [
    '-Xms128m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Dquarkus.http.host=127.0.0.1',
    `-Dquarkus.http.port=${REGISTRY_PORT}`,
    '-Dquarkus.management.host=127.0.0.1',
    `-Dquarkus.management.port=${REGISTRY_MANAGEMENT_PORT}`,
    '-Dapicurio.rules.global.compatibility=BACKWARD',
    `-Dapicurio.datasource.url=jdbc:h2:file:${join(stackDir, 'registry-data', 'registry')};DB_CLOSE_ON_EXIT=FALSE`,
    '-jar',
    join(appDir, 'quarkus-run.jar'),
  ]);
  await waitFor('registry', answers, 120_000, () => isAlive(pid));
  return `started (pid ${pid})`;
}
