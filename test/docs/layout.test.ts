// The house rules of docs/DESIGN.md "Layout", checked on the imports of every TypeScript file in
// the repository: what ships (packages/, services/) never imports the development tools, and
// code outside a service reaches it only through its package entry (`@booking/<service>` or
// `@booking/<service>/testing`), never through a relative path into its folder. And the
// services' skeleton: the same role under the same file name and export in every service, and
// the two consumer services with the same files, so that one cannot drift from the other.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './configuration.ts';

const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g;

/** Every relative import of the repository's .ts files, resolved to a repository path. */
function relativeImports(): { file: string; target: string }[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], { cwd: ROOT })
    .toString()
    .split('\n')
    .filter(Boolean);
  return files.flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(IMPORT)].map((match) => ({
      file,
      target: relative(ROOT, join(ROOT, dirname(file), match[1] ?? '')),
    })),
  );
}

const serviceOf = (path: string) => /^services\/([^/]+)\//.exec(path)?.[1];

describe('the layout', () => {
  const imports = relativeImports();

  it('when the imports are read, then some cross a folder (the check is not vacuous)', () => {
    expect(imports.some(({ target }) => target.startsWith('packages/cli/'))).toBe(true);
  });

  it('when a file ships (packages/, services/), then it imports nothing from tools/', () => {
    const shipped = imports.filter(({ file }) => file.startsWith('packages/') || file.startsWith('services/'));

    expect(shipped.filter(({ target }) => target.startsWith('tools/'))).toEqual([]);
  });

  it('when a file outside a service uses it, then it imports the package entry, not a file of its folder', () => {
    const reaching = imports.filter(({ file, target }) => serviceOf(target) && serviceOf(target) !== serviceOf(file));

    expect(reaching).toEqual([]);
  });
});

const SERVICES = ['ingest', 'booker', 'cache-invalidator'];
const CONSUMERS = ['booker', 'cache-invalidator'];

/** The files and folders directly under services/<name>/src, tests left out. */
function skeletonOf(service: string): string[] {
  return readdirSync(join(ROOT, 'services', service, 'src'), { withFileTypes: true })
    .filter((entry) => !entry.name.endsWith('.test.ts'))
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
    .sort();
}

const source = (service: string, file: string) => readFileSync(join(ROOT, 'services', service, file), 'utf8');

describe('the services skeleton', () => {
  it.each(SERVICES)('when %s is read, then it has the files every service has, each with its role', (service) => {
    const skeleton = skeletonOf(service);

    expect(skeleton).toEqual(expect.arrayContaining(['main.ts', 'app.ts', 'metrics.ts', 'index.ts', 'adapters/', 'handlers/']));
    expect(source(service, 'src/app.ts')).toMatch(/export function buildApp\(config: Readonly<\w+Config>, deps: \w+Deps\)/);
    expect(source(service, 'src/app.ts')).toMatch(/ServiceApp/);
    expect(source(service, 'src/metrics.ts')).toMatch(/export function create\w+Metrics\(registry: Registry\): \w+Metrics/);
    expect(source(service, 'test/testing.ts')).toMatch(/from '\.\/helpers\.ts'/);
  });

  it('when the consumer services are compared, then they have the same files in src/', () => {
    const [booker, invalidator] = CONSUMERS.map(skeletonOf);

    expect(booker).toEqual(invalidator);
    expect(booker).toEqual(expect.arrayContaining(['run.ts', 'handle-batches.ts']));
  });

  it.each(CONSUMERS)('when %s is read, then its batch handler and its metrics have the shared shape', (service) => {
    expect(source(service, 'src/handle-batches.ts')).toMatch(
      /export async function handleBatches\(batches: DecodedBatch<\w+>\[\], deps: HandleBatchesDeps\): Promise<void>/,
    );
    expect(source(service, 'src/metrics.ts')).toMatch(/export interface \w+Metrics extends ConsumerMetrics/);
    expect(source(service, 'src/main.ts')).toMatch(/from '\.\/run\.ts'/);
  });
});
