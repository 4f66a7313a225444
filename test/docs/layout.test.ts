// The house rules of docs/DESIGN.md "Layout", checked on the imports of every TypeScript file in
// the repository: what ships (packages/, services/) never imports the development tools, and
// code outside a service reaches it only through its package entry (`@booking/<service>` or
// `@booking/<service>/testing`), never through a relative path into its folder.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
