// Finds a JDK of at least the wanted major version: $JAVA_HOME, the `java` on PATH, then the JDKs
// under /usr/lib/jvm. Kafka 4 runs on 17; Apicurio Registry 3.3 is compiled for Java 21
// (class file 65), so it needs a newer JDK than this machine's default.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function majorVersion(javaBin: string): number | undefined {
  const out = spawnSync(javaBin, ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(out.stderr);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export function findJava(minMajor: number): string {
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(join(process.env.JAVA_HOME, 'bin', 'java'));
  candidates.push('java');
  const jvmDir = '/usr/lib/jvm';
  if (existsSync(jvmDir)) {
    for (const entry of readdirSync(jvmDir).sort().reverse()) candidates.push(join(jvmDir, entry, 'bin', 'java'));
  }
  for (const candidate of candidates) {
    const major = majorVersion(candidate);
    if (major !== undefined && major >= minMajor) return candidate;
  }
  throw new Error(
    `no Java ${minMajor} or newer found (tried $JAVA_HOME, java on PATH, /usr/lib/jvm/*); install a JDK ${minMajor}+ (e.g. apt-get install openjdk-${minMajor}-jre-headless)`,
  );
}
