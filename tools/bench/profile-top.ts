// node tools/bench/profile-top.ts <file.cpuprofile> [--top N] [--from S] [--to S] [--callers REGEX] [--depth N]
// Reads a `node --cpu-prof` profile (as `npm run bench -- <s> --profile DIR` writes them) and
// prints self time by package and the top functions as shares of the busy (non-idle) time, within
// a window of seconds from the profile's start (--from 12 skips start-up and warm-up), or, with
// --callers, the call paths (--depth frames up) of the functions matching REGEX. The profile is
// wall-clock sampling: on a busy machine a thread descheduled inside a syscall is charged to it,
// so read socket writes next to the kernel share of /proc (the pipeline scenarios' CPU notes).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    from: { type: 'string', default: '0' },
    to: { type: 'string', default: '1e9' },
    callers: { type: 'string' },
    depth: { type: 'string', default: '6' },
  },
});
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: profile-top.ts <file.cpuprofile> [--top N] [--from S] [--to S] [--callers REGEX]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const [from, to] = [Number(values.from) * 1e6, Number(values.to) * 1e6];
const self = new Map<number, number>();
let t = 0;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i] ?? 0;
  if (t >= from && t <= to) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
});
const frame = (id: number) => (nodes.get(id) as Node).callFrame;
const nameOf = (id: number) => {
  const { functionName, url, lineNumber } = frame(id);
  const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(services|packages|tools)\//, '$1/');
  return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
};
const packageOf = (id: number) => {
  const { functionName, url } = frame(id);
  if (functionName.startsWith('(')) return functionName;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] as string;
  return url.startsWith('node:') ? 'node core' : url === '' ? '(native)' : 'project';
};

let busy = 0;
for (const [id, us] of self) if (frame(id).functionName !== '(idle)') busy += us;
const pct = (us: number) =>
  `${((100 * us) / Math.max(1, busy)).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms`;
const print = (title: string, m: Map<string, number>, n: number) => {
  console.log(title);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${pct(us)}  ${k}`);
};
const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);

console.log(`${file}: busy ${(busy / 1e6).toFixed(2)} s in the window ${values.from}–${values.to} s`);
if (values.callers) {
  const match = new RegExp(values.callers);
  const paths = new Map<string, number>();
  for (const [id, us] of self) {
    if (!match.test(nameOf(id))) continue;
    const chain: string[] = [];
    for (let c = parent.get(id); c !== undefined && chain.length < Number(values.depth); c = parent.get(c)) chain.push(nameOf(c));
    add(paths, `${nameOf(id)} < ${chain.join(' < ')}`, us);
  }
  print(`call paths of /${values.callers}/:`, paths, Number(values.top));
} else {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    if (frame(id).functionName === '(idle)') continue;
    add(byPackage, packageOf(id), us);
    add(byFunction, nameOf(id), us);
  }
  print('self time by package (share of busy):', byPackage, 12);
  print('top self time by function:', byFunction, Number(values.top));
}
