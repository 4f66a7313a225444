// One Node version story: `engines` is the minimum that runs the TypeScript sources at all
// (22.18 is the first 22.x with type stripping on by default; below it `node x.ts` fails),
// tools/node24.sh reads that minimum, and .nvmrc, node24.sh's download and the image all pin 24.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './configuration.ts';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('the Node version', () => {
  it('when a Node older than 22.18 is used, then engines refuses it, and node24.sh checks engines itself', () => {
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };

    expect(engines.node).toBe('>=22.18');
    expect(read('tools/node24.sh')).toContain('require(process.argv[1]).engines.node');
  });

  it('when a version manager, node24.sh or the image picks a Node, then each picks the same major', () => {
    const nvmrc = read('.nvmrc').trim();

    expect(read('tools/node24.sh')).toContain(`node_major_pin=${nvmrc}`);
    expect(read('Dockerfile')).toContain(`ARG NODE_IMAGE=node:${nvmrc}-alpine`);
  });
});
