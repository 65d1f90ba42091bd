/**
 * Prints the top functions of a V8 CPU profile (from `node --cpu-prof`), by self time, or with
 * --inclusive by the time spent in them and everything they called (each function counted once
 * per sample even when recursive), which is what shows where a request's cost goes.
 * Usage: node dist/bench/profile-summary.js <file.cpuprofile> [top=25] [--inclusive]
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const args = process.argv.slice(2);
const inclusive = args.includes('--inclusive');
const [file, top = '25'] = args.filter((a) => a !== '--inclusive');
if (!file) {
  console.error('usage: node dist/bench/profile-summary.js <file.cpuprofile> [top] [--inclusive]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n: ProfileNode) => {
  const where = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
  return `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
};
const time = new Map<string, number>();
let total = 0;
let busy = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const leaf = byId.get(id)!;
  if (leaf.callFrame.functionName !== '(idle)') busy += dt;
  if (!inclusive) {
    time.set(keyOf(leaf), (time.get(keyOf(leaf)) ?? 0) + dt);
    return;
  }
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = keyOf(byId.get(at)!);
    if (seen.has(key)) continue;
    seen.add(key);
    time.set(key, (time.get(key) ?? 0) + dt);
  }
});
console.log(`total ${(total / 1000).toFixed(0)} ms sampled, ${(busy / 1000).toFixed(0)} ms not idle${inclusive ? ' (inclusive times; % of not idle)' : ''}`);
const base = inclusive ? busy : total;
for (const [key, us] of [...time].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / base).toFixed(1).padStart(5)}%  ${key}`);
}
