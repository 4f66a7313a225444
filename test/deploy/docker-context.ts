// What `docker build` would put into the runtime image, computed without Docker: the files under
// the Dockerfile's COPY sources that .dockerignore lets into the build context. The rules follow
// Docker's: patterns are relative to the context root, `*` and `?` stay within a path segment,
// `**` spans any number of them, and a pattern matching a directory matches everything below it.
// The image copies whole folders and .dockerignore only excludes, so a `!` (re-include) rule,
// the start of an allow-list, is refused rather than interpreted.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function toRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function parseDockerignore(text: string): RegExp[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      if (line.startsWith('!')) throw new Error(`.dockerignore: "${line}" re-includes; the image copies folders, no allow-list`);
      return toRegExp(line.replace(/^\/+/, '').replace(/\/+$/, ''));
    });
}

export function isIgnored(rules: RegExp[], path: string): boolean {
  const segments = path.split('/');
  const selfAndParents = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  return rules.some((rule) => selfAndParents.some((p) => rule.test(p)));
}

/** Sources of every `COPY` from the build context (not `--from=` another stage). */
export function copySources(dockerfile: string): string[] {
  return dockerfile
    .split('\n')
    .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
    .flatMap((line) => line.split(/\s+/).slice(1, -1));
}

/** Repository-relative paths of the files the image gets from the context. */
export function imageFiles(root: string): string[] {
  const rules = parseDockerignore(readFileSync(join(root, '.dockerignore'), 'utf8'));
  const sources = copySources(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root })
    .toString()
    .split('\0')
    .filter(Boolean);
  return files.filter(
    (file) => !isIgnored(rules, file) && sources.some((source) => file === source || file.startsWith(`${source}/`)),
  );
}
