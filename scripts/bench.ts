// npm run bench -- <name> [options]: runs one benchmark from scripts/bench/<name>.ts. Each
// benchmark prints its own numbers next to a baseline measured in the same run.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, 'bench');
const name = process.argv[2];
const available = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
  : [];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [options]\navailable: ${available.join(', ') || '(none yet)'}`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(join(dir, `${name}.ts`));
