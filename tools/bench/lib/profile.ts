// Summary of a `node --cpu-prof` profile: self time by function and by package, so that a
// bench run names the functions that cost the CPU (`npm run bench -- <s> --profile DIR`).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const packageOf = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] as string;
  if (url.startsWith('node:') || url === '') return url === '' ? '(native/gc/idle)' : 'node core';
  return 'project';
};

export function summariseProfile(profile: CpuProfile, top = 15): string {
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...byNode.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let idle = 0;
  for (const node of profile.nodes) {
    const us = byNode.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') idle += us;
    const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(services|packages|tools)\//, '$1/');
    const name = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const pkg = functionName.startsWith('(') ? functionName : packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  // total (inclusive) time: each function counted once per stack, however deep it recurses
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  const nameOf = (id: number) => {
    const { functionName, url, lineNumber } = (nodes.get(id) as CpuProfile['nodes'][number]).callFrame;
    const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(services|packages|tools)\//, '$1/');
    return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  };
  const walk = (id: number, onStack: Set<string>): number => {
    const node = nodes.get(id) as CpuProfile['nodes'][number];
    let sum = byNode.get(id) ?? 0;
    const name = nameOf(id);
    const fresh = !onStack.has(name);
    if (fresh) onStack.add(name);
    for (const child of node.children ?? []) sum += walk(child, onStack);
    if (fresh) {
      onStack.delete(name);
      if (!node.callFrame.functionName.startsWith('(')) inclusive.set(name, (inclusive.get(name) ?? 0) + sum);
    }
    return sum;
  };
  const root = profile.nodes[0];
  if (root) walk(root.id, new Set());
  const wall = (profile.endTime - profile.startTime) / 1e6;
  const busy = (total - idle) / 1e6;
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  return [
    `wall ${wall.toFixed(1)} s, on CPU ${busy.toFixed(1)} s (${((100 * busy) / wall).toFixed(0)} % of one core)`,
    'self time by package:',
    ...list(byPackage, 10),
    'top self time by function:',
    ...list(byFunction, top),
    'top total (inclusive) time by function:',
    ...list(inclusive, 400),
  ].join('\n');
}

/** Summarises every .cpuprofile in dir into dir/summary.txt and returns the text. */
export function summariseProfiles(dir: string): string {
  const parts: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    parts.push(`== ${file}\n${summariseProfile(profile)}`);
  }
  const text = parts.join('\n\n');
  writeFileSync(join(dir, 'summary.txt'), `${text}\n`);
  return text;
}
