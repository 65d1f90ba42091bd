/**
 * What a cross-country page costs the gateway: CPU ms per page of two of our gateways, each in
 * its own process, over the same country nodes, in alternating rounds (issue 26's target is the
 * gateway's CPU per page of 50 at 4 nodes). A is this build; B is `--against DIR` (another
 * checkout's `dist`, e.g. main's) or, without it, this build again, which shows how far two
 * identical gateways differ on this machine right now: the noise any before/after must beat.
 *
 * Usage: npm run build --silent && NODE_ENV=production node dist/bench/gateway-cost.js [--against DIR] [--countries N] [--duration S] [--warmup S] [--rounds N] [--connections N] [--profile DIR]
 * `--profile DIR` writes gateway A's V8 CPU profile there (read it with bench/profile-summary.ts).
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchNode } from './cluster.js';
import { CpuMeter } from './cpu.js';
import { cpuText, machineLine, gql, runTool, type Resources } from './helpers.js';
import { startToolNodes } from './tool-nodes.js';
import { compare, LoadDriver, loadOptions, loadSettingsOf, median } from './load.js';
import { pageBody } from './queries.js';

const { values } = parseArgs({
  options: {
    ...loadOptions({ duration: '5', rounds: '8' }),
    countries: { type: 'string', default: '4' },
    against: { type: 'string' },
    profile: { type: 'string' },
  },
});
const settings = loadSettingsOf(values);

/** A gateway process from the build in `dist`; resolves with its URL and pid. */
function startGatewayProcess(
  res: Resources,
  regionalUrl: string,
  nodes: BenchNode[],
  dist: string,
  profileDir?: string,
): Promise<{ url: string; pid: number }> {
  const child = fork(path.join(__dirname, 'gateway-process.js'), [regionalUrl, JSON.stringify(nodes.map((n) => ({ country: n.country, url: n.url }))), dist], {
    env: { ...process.env, NODE_ENV: 'production' },
    execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  res.add(`gateway (${dist})`, async () => {
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway of ${dist} exited (${code}) before listening`)));
    child.once('message', (m: { url?: string; error?: string }) =>
      m.url ? resolve({ url: m.url, pid: child.pid! }) : reject(new Error(`gateway of ${dist}: ${m.error}`)),
    );
  });
}

async function main(res: Resources): Promise<void> {
  const { regionalUrl, nodes } = await startToolNodes(res, Number(values.countries));
  const ownDist = path.resolve(__dirname, '..');
  const otherDist = values.against ? path.resolve(values.against) : ownDist;
  const a = await startGatewayProcess(res, regionalUrl, nodes, ownDist, values.profile);
  const b = await startGatewayProcess(res, regionalUrl, nodes, otherDist);
  const page = pageBody(50);
  const [answerA, answerB] = [await gql(a.url, page), await gql(b.url, page)];
  if (JSON.stringify(answerA) !== JSON.stringify(answerB)) throw new Error('the two gateways answer the page differently');

  const cpu: CpuMeter = new CpuMeter(() => ({ gateway: [a.pid], other: [b.pid], nodes: nodes.map((n) => n.pid), loadgen: [driver.pid] }));
  const driver: LoadDriver = new LoadDriver(cpu);
  res.add('load generator', async () => driver.close());
  const result = await compare(
    driver,
    { label: `this build's gateway over ${nodes.length} nodes`, url: a.url, body: page },
    { label: `${values.against ? values.against : 'this build again'}`, url: b.url, body: page },
    settings,
  );
  console.log(machineLine());
  const own = result.a.rounds.map((r) => r.cpuMsPerRequest.gateway);
  const other = result.b.rounds.map((r) => r.cpuMsPerRequest.other);
  const perRound = own.map((x, i) => x / other[i]);
  console.log(`A ${result.a.label}: p50 ${result.a.p50.toFixed(2)} ms, ${result.a.rps.toFixed(0)} req/s, CPU ms/page ${cpuText(result.a.cpuMsPerRequest)}`);
  console.log(`B ${result.b.label}: p50 ${result.b.p50.toFixed(2)} ms, ${result.b.rps.toFixed(0)} req/s, CPU ms/page ${cpuText(result.b.cpuMsPerRequest)}`);
  console.log(`gateway CPU ms/page per round A: ${own.map((x) => x.toFixed(2)).join(' ')}; B: ${other.map((x) => x.toFixed(2)).join(' ')}`);
  console.log(
    `gateway CPU A/B: median ${(median(own) / median(other)).toFixed(2)}, median of per-round ratios ${median(perRound).toFixed(2)} (${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)})`,
  );
}

runTool(main);
