/**
 * What one node request costs the node: CPU ms per request of a country node (own process)
 * serving exactly the sub-request our gateway sends it for a cross-country page of 50 over 4
 * countries (a share of about 22 rows plus the hidden cursor fields), next to the same node
 * serving the whole 50-row page to a direct client. Issue 26's target is the first figure.
 *
 * Usage: npm run build --silent && NODE_ENV=production node dist/bench/node-cost.js [--duration S] [--warmup S] [--rounds N] [--connections N] [--against DIR]
 * Faster to iterate on than `npm run bench`: one PostgreSQL, four nodes, one measurement.
 * `--against DIR` (another checkout's build, e.g. main's `dist`) instead compares this build's
 * node with that build's node over the same database, on the same sub-request, in alternating
 * rounds: on a shared machine, only a before/after measured side by side means something.
 */
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { httpTransport } from '../gateway/transport/http.js';
import type { Transport } from '../gateway/transport/transport.js';
import { startNodeProcess, startOurGateway } from './cluster.js';
import { CpuMeter } from './cpu.js';
import { cpuText, machineLine, gql, runTool, type Resources } from './helpers.js';
import { startToolNodes } from './tool-nodes.js';
import { compare, LoadDriver, loadOptions, loadSettingsOf, median } from './load.js';
import { pageBody } from './queries.js';

const { values } = parseArgs({
  options: {
    ...loadOptions({ duration: '3', rounds: '3' }),
    against: { type: 'string' },
  },
});
const settings = loadSettingsOf(values);

async function main(res: Resources): Promise<void> {
  const { regionalUrl, nodes } = await startToolNodes(res, 4);
  // The gateway's own HTTP transport, recording what it sends to the first node.
  const sent: Array<{ query: string; variables?: Record<string, unknown>; headers: Record<string, string> }> = [];
  const http = httpTransport((cc) => nodes.find((n) => n.country === cc)?.url, { maxBytes: 32 * 1024 * 1024, maxDepth: 64 });
  const recording: Transport = {
    send: (country, request) => {
      if (country === nodes[0].country) sent.push({ query: request.query, variables: request.variables, headers: { ...request.headers } });
      return http.send(country, request);
    },
  };
  const gateway = await startOurGateway(regionalUrl, nodes, {}, { transport: recording });
  res.add('gateway', gateway.close);
  const page = pageBody(50);
  await gql(gateway.url, page);
  const sub = sent.find((s) => s.query.includes('events'));
  if (!sub) throw new Error('the gateway sent no page request to the first node');
  const subBody = JSON.stringify({ query: sub.query, variables: sub.variables });
  const shareRows = (await gql(nodes[0].url, subBody)).events.edges.length;
  console.log(`sub-request (${shareRows} rows):\n${sub.query}\nvariables ${JSON.stringify(sub.variables)}`);

  const node = nodes[0];
  const other = values.against ? await startNodeProcess(node.country, node.databaseUrl, path.resolve(values.against, 'bench/node-process.js')) : null;
  if (other) res.add('node (other build)', other.stop);
  const cpu: CpuMeter = new CpuMeter(() => ({ node: [node.pid], ...(other ? { other: [other.pid] } : {}), loadgen: [driver.pid] }));
  const driver: LoadDriver = new LoadDriver(cpu);
  res.add('load generator', async () => driver.close());
  // A node's own background work (timers, pools, metrics) lands on every request of a lightly loaded node.
  const idleBefore = cpu.sample();
  await new Promise((r) => setTimeout(r, 5000));
  const idleAfter = cpu.sample();
  console.log(
    `idle node CPU: ${((idleAfter.node - idleBefore.node) / 5).toFixed(2)} ms/s, postgres ${((idleAfter.postgres - idleBefore.postgres) / 5).toFixed(2)} ms/s`,
  );
  const result = await compare(
    driver,
    { label: `gateway's sub-request (${shareRows} rows)`, url: node.url, body: subBody },
    other ? { label: `the same on ${values.against}`, url: other.url, body: subBody } : { label: 'direct page of 50', url: node.url, body: page },
    settings,
  );
  // With --against, B's node is the other build's process (CPU group `other`).
  const bNode = other ? 'other' : 'node';
  console.log(machineLine());
  console.log(`A ${result.a.label}: p50 ${result.a.p50.toFixed(2)} ms, ${result.a.rps.toFixed(0)} req/s, CPU ms/request ${cpuText(result.a.cpuMsPerRequest)}`);
  console.log(`B ${result.b.label}: p50 ${result.b.p50.toFixed(2)} ms, ${result.b.rps.toFixed(0)} req/s, CPU ms/request ${cpuText(result.b.cpuMsPerRequest)}`);
  const perRound = result.a.rounds.map((r, i) => r.cpuMsPerRequest.node / result.b.rounds[i].cpuMsPerRequest[bNode]);
  console.log(
    `node CPU ms/request per round A: ${result.a.rounds.map((r) => r.cpuMsPerRequest.node.toFixed(2)).join(' ')}; B: ${result.b.rounds.map((r) => r.cpuMsPerRequest[bNode].toFixed(2)).join(' ')}`,
  );
  // On a shared machine single rounds swing by a third either way; the median of many short
  // alternating rounds (e.g. --rounds 30 --duration 1) and how many favour A are steadier.
  console.log(
    `node CPU A/B: ${(result.a.cpuMsPerRequest.node / result.b.cpuMsPerRequest[bNode]).toFixed(2)} (per round ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}, median ${median(perRound).toFixed(2)}, ${perRound.filter((r) => r < 1).length} of ${perRound.length} rounds below 1)`,
  );
}

runTool(main);
