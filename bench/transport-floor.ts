/**
 * The transport floor of a cross-country page: the CPU a gateway process spends on Node's HTTP
 * and JSON work alone (one client request in, the page's sub-requests out over kept-alive
 * sockets, every answer parsed, the page serialised), next to our gateway doing the whole page.
 * Issue 26 asks for ≤ 2 ms of gateway CPU per page at 4 nodes and ≤ 10 ms at 50; this says how
 * much of that budget is left for GraphQL, planning, checks and merging on this machine.
 *
 * The floor gateway (bench/transport-floor-process.ts) sends the exact sub-requests our gateway
 * sent for the page (recorded) to replay servers answering with the exact bytes the nodes
 * answered (recorded), and sends back our gateway's answer to the page: same bytes on every
 * socket, none of the GraphQL work.
 *
 * A gateway's CPU per request grows as its request rate falls (it sleeps and wakes per answer,
 * on cold caches), so compare at similar rates: `--node-delay MS` makes the replayed nodes
 * answer after MS (about our gateway's p50 at the same connections brings the two rates close).
 *
 * Usage: npm run build --silent && NODE_ENV=production node dist/bench/transport-floor.js [--countries N] [--duration S] [--warmup S] [--rounds N] [--connections N] [--node-delay MS]
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { httpTransport } from '../gateway/transport/http.js';
import type { Transport } from '../gateway/transport/transport.js';
import { startOurGateway } from './cluster.js';
import { CpuMeter } from './cpu.js';
import { cpuText, machineLine, runTool, type Resources } from './helpers.js';
import { compare, LoadDriver, loadOptions, loadSettingsOf, median } from './load.js';
import { pageBody } from './queries.js';
import { startToolNodes } from './tool-nodes.js';
import type { FloorInput } from './transport-floor-process.js';

const { values } = parseArgs({
  options: {
    ...loadOptions({ duration: '3', rounds: '8' }),
    countries: { type: 'string', default: '4' },
    'node-delay': { type: 'string', default: '0' },
  },
});
const settings = loadSettingsOf(values);

/** A floor process in `role`, given `file`; resolves with what it reports once listening. */
function startFloorProcess<T>(res: Resources, role: 'replay' | 'gateway', file: string, delayMs = 0): Promise<T & { pid: number }> {
  const child = fork(path.join(__dirname, 'transport-floor-process.js'), [role, file, String(delayMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  res.add(`floor ${role}`, async () => {
    if (child.connected) child.disconnect();
    child.kill();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`floor ${role} exited (${code}) before listening`)));
    child.once('message', (m: T) => resolve({ ...m, pid: child.pid! }));
  });
}

async function main(res: Resources): Promise<void> {
  const { regionalUrl, nodes } = await startToolNodes(res, Number(values.countries));
  const recorded: Array<{ country: string; request: { query: string; variables: unknown }; answer?: string }> = [];
  const http = httpTransport((cc) => nodes.find((n) => n.country === cc)?.url, { maxBytes: 32 * 1024 * 1024, maxDepth: 64 });
  const recording: Transport = {
    send: (country, request) => {
      recorded.push({ country, request: { query: request.query, variables: request.variables } });
      return http.send(country, request);
    },
  };
  const gateway = await startOurGateway(regionalUrl, nodes, {}, { transport: recording });
  res.add('gateway', gateway.close);
  const page = pageBody(50);
  const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
  const response = JSON.parse(await post(gateway.url, page)) as { data?: unknown; errors?: unknown };
  if (!response.data || response.errors) throw new Error(`the gateway did not answer the page: ${JSON.stringify(response).slice(0, 300)}`);
  for (const r of recorded) r.answer = await post(nodes.find((n) => n.country === r.country)!.url, JSON.stringify(r.request));
  console.log(
    `a page of 50 over ${nodes.length} nodes: ${recorded.length} sub-requests, answers ${recorded.reduce((s, r) => s + r.answer!.length, 0)} bytes, page ${JSON.stringify(response).length} bytes`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transport-floor-'));
  res.add('floor files', async () => fs.rmSync(dir, { recursive: true, force: true }));
  const replayFile = path.join(dir, 'replay.json');
  fs.writeFileSync(replayFile, JSON.stringify({ nodes: recorded.map((r) => ({ request: r.request, answer: r.answer! })), response } satisfies FloorInput));
  const replay = await startFloorProcess<{ urls: string[] }>(res, 'replay', replayFile, Number(values['node-delay']));
  const gatewayFile = path.join(dir, 'gateway.json');
  fs.writeFileSync(
    gatewayFile,
    JSON.stringify({ nodes: recorded.map((r, i) => ({ url: replay.urls[i], request: r.request, answer: '' })), response } satisfies FloorInput),
  );
  const floor = await startFloorProcess<{ url: string }>(res, 'gateway', gatewayFile);
  // Ours runs in this process: its CPU is this process's, minus nothing else of note during a round.
  const cpu: CpuMeter = new CpuMeter(() => ({
    ours: [process.pid],
    floor: [floor.pid],
    nodes: nodes.map((n) => n.pid),
    replay: [replay.pid],
    loadgen: [driver.pid],
  }));
  const driver: LoadDriver = new LoadDriver(cpu);
  res.add('load generator', async () => driver.close());
  const result = await compare(
    driver,
    { label: `transport floor over ${nodes.length} replayed nodes`, url: floor.url, body: page },
    { label: `our gateway over ${nodes.length} nodes`, url: gateway.url, body: page },
    settings,
  );
  console.log(machineLine());
  console.log(`A ${result.a.label}: p50 ${result.a.p50.toFixed(2)} ms, ${result.a.rps.toFixed(0)} req/s, CPU ms/page ${cpuText(result.a.cpuMsPerRequest)}`);
  console.log(`B ${result.b.label}: p50 ${result.b.p50.toFixed(2)} ms, ${result.b.rps.toFixed(0)} req/s, CPU ms/page ${cpuText(result.b.cpuMsPerRequest)}`);
  const floorMs = result.a.rounds.map((r) => r.cpuMsPerRequest.floor);
  const oursMs = result.b.rounds.map((r) => r.cpuMsPerRequest.ours);
  console.log(`gateway CPU ms/page per round, floor: ${floorMs.map((x) => x.toFixed(2)).join(' ')}; ours: ${oursMs.map((x) => x.toFixed(2)).join(' ')}`);
  console.log(
    `floor ${median(floorMs).toFixed(2)} ms, ours ${median(oursMs).toFixed(2)} ms: the floor is ${((100 * median(floorMs)) / median(oursMs)).toFixed(0)}% of ours`,
  );
}

runTool(main);
