import { mintToken } from '../platform/auth.js';
import type { RunningGateway } from '../gateway/server.js';
import { postJson, startOurGateway, type BenchNode } from './cluster.js';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';
import { ClosedLoop, percentile } from './closed-loop.js';
import { median, type LoadSettings, type Target } from './load.js';

/** Round-trip times of the country offices as seen from the gateway's site, ms (--rtt overrides). */
export const DEFAULT_RTT_MS: Record<string, number> = { VN: 40, MN: 60, KG: 120, AZ: 150 };
/** For generated country codes without a configured RTT. */
export const OTHER_RTT_MS = 100;

export interface WanSettings {
  rttMs: Record<string, number>;
  /** Extra delay per direction, uniform in [0, jitter], ms. */
  jitterMs: number;
}

export interface WanShape {
  shape: string;
  p50: number;
  /** p50 ÷ the RTT of the slowest node the request touched: sequential round trips it costs. */
  roundTrips: number;
  /** HTTP requests the gateway sent to nodes per client request (all nodes together). */
  nodeRequests: number;
  /** New TCP connections per client request (0 with kept-alive sockets). */
  connections: number;
}

/** One side of a WAN comparison: latencies pooled over its rounds. */
export interface WanSide {
  label: string;
  requests: number;
  p50: number;
  p99: number;
  rps: number;
  /** Requests that reached the nodes per client request (a top-up adds to it). */
  nodeRequests: number;
  /** New TCP connections to the nodes per client request (each costs a handshake round trip). */
  nodeConnections: number;
}

export interface WanComparison {
  mode: string;
  a: WanSide;
  b: WanSide;
  p50: number;
  p99: number;
  /** min–max of the per-round p50 ratios. */
  p50Spread: [number, number];
}

export interface WanRecord {
  rttMs: Record<string, number>;
  jitterMs: number;
  slowest: string;
  connections: number;
  /** Our gateway (per page-fetch mode) vs the slowest node directly, both through the proxies. */
  comparisons: WanComparison[];
  shapes: WanShape[];
}

const PAGE_MODES = [
  { mode: 'auto', label: 'top-k (PAGE_FETCH=auto, the default)' },
  { mode: 'full', label: 'full pages (PAGE_FETCH=full)' },
] as const;

/**
 * 9. Cross-country pages at real distances: a latency-injecting proxy in front of every node
 * (bench/latency-proxy.ts), our gateway over the proxies, and the slowest node straight through
 * its own proxy as the physical floor. Then each request shape's cost in round trips.
 */
export async function wanScenario(
  regionalUrl: string,
  nodes: BenchNode[],
  wan: WanSettings,
  settings: LoadSettings,
  bodies: { page: string; stats: string; one: (id: string) => string },
  step: (message: string) => void,
): Promise<WanRecord> {
  const rtt = (cc: string) => wan.rttMs[cc] ?? OTHER_RTT_MS;
  const proxies = new Map<string, LatencyProxy>();
  const gateways: RunningGateway[] = [];
  try {
    for (const node of nodes) proxies.set(node.country, await startLatencyProxy(node.url, { rttMs: rtt(node.country), jitterMs: wan.jitterMs }));
    const far = nodes.map((n) => ({ country: n.country, url: proxies.get(n.country)!.url }));
    const slowest = [...nodes].sort((a, b) => rtt(b.country) - rtt(a.country))[0];
    const direct: Target = {
      label: `slowest node ${slowest.country} directly (RTT ${rtt(slowest.country)} ms)`,
      url: proxies.get(slowest.country)!.url,
      body: bodies.page,
    };
    step(
      `9 WAN: RTT ${nodes.map((n) => `${n.country} ${rtt(n.country)}`).join(', ')} ms, jitter ≤ ${wan.jitterMs} ms per direction; floor = ${slowest.country}`,
    );

    const record: WanRecord = {
      rttMs: Object.fromEntries(nodes.map((n) => [n.country, rtt(n.country)])),
      jitterMs: wan.jitterMs,
      slowest: slowest.country,
      connections: settings.connections,
      comparisons: [],
      shapes: [],
    };
    const byMode = new Map<string, RunningGateway>();
    for (const { mode, label } of PAGE_MODES) {
      const gateway = await startOurGateway(regionalUrl, far, {}, { pageFetch: { mode, missRate: 0.005 } });
      gateways.push(gateway);
      byMode.set(mode, gateway);
      const c = await compareLatency({ label: `our gateway, ${label}`, url: gateway.url, body: bodies.page }, direct, settings, proxies);
      record.comparisons.push({ mode, ...c });
      step(
        `   ${mode}: p50 ${c.a.p50.toFixed(1)} vs ${c.b.p50.toFixed(1)} ms (${c.p50.toFixed(2)}x), p99 ${c.a.p99.toFixed(1)} vs ${c.b.p99.toFixed(1)} ms (${c.p99.toFixed(2)}x), ${c.a.requests} vs ${c.b.requests} requests, ${c.a.nodeRequests.toFixed(3)} node requests and ${c.a.nodeConnections.toFixed(3)} new node connections per page (floor ${c.b.nodeConnections.toFixed(3)})`,
      );
    }

    // Round trips per request shape: sequential requests, the proxies count what reached the nodes.
    const gateway = byMode.get('auto')!;
    const sample = await postJson(slowest.url, JSON.stringify({ query: '{ events(first: 1) { nodes { id } } }' }));
    const id = String(sample.data.events.nodes[0].id);
    const editor = await mintToken({ secret: 'bench-only-secret', sub: 'bench-wan', role: 'editor', country: slowest.country, expiresIn: '1h' });
    const shapes: Array<{ shape: string; url: string; body: string; headers?: Record<string, string> }> = [
      { shape: `page of 50, all ${nodes.length} countries (top-k)`, url: gateway.url, body: bodies.page },
      { shape: `page of 50, all ${nodes.length} countries (full pages)`, url: byMode.get('full')!.url, body: bodies.page },
      { shape: 'eventStats(groupBy: [COUNTRY, YEAR])', url: gateway.url, body: bodies.stats },
      { shape: `event(id: "${id}") with programme, organisers, participants`, url: gateway.url, body: bodies.one(id) },
      {
        shape: `mutation deleteEvent(id: "${id}") (a stale expectedVersion: refused by the node, nothing written)`,
        url: gateway.url,
        body: JSON.stringify({ query: `mutation { deleteEvent(id: "${id}", expectedVersion: 999999) }` }),
        headers: { authorization: `Bearer ${editor}` },
      },
      { shape: `page of 50 on node ${slowest.country} directly (the floor)`, url: direct.url, body: bodies.page },
    ];
    for (const s of shapes) record.shapes.push(await roundTrips(s, proxies, rtt));
    for (const s of record.shapes)
      step(
        `   ${s.shape}: p50 ${s.p50.toFixed(0)} ms ≈ ${s.roundTrips.toFixed(1)} round trips, ${s.nodeRequests.toFixed(2)} node requests, ${s.connections.toFixed(2)} new connections per request`,
      );
    return record;
  } finally {
    for (const g of gateways) await g.close();
    for (const p of proxies.values()) await p.close();
  }
}

/**
 * A and B alternately, `rounds` times `durationSec` each, from warm kept-alive sockets; p50 and
 * p99 over all samples of a side (a per-round p99 of a few hundred requests is its maximum).
 */
async function compareLatency(a: Target, b: Target, settings: LoadSettings, proxies: Map<string, LatencyProxy>): Promise<Omit<WanComparison, 'mode'>> {
  const loop = new ClosedLoop(settings.connections);
  try {
    await loop.warm(a.url, a.body);
    await loop.warm(b.url, b.body);
    // A few seconds of load on each side, discarded: a gateway just started is still compiling its
    // hot paths, which showed up as the first side's p99.
    await loop.run(a.url, a.body, Math.min(3, settings.durationSec));
    await loop.run(b.url, b.body, Math.min(3, settings.durationSec));
    const count = (key: 'exchanges' | 'connections') => [...proxies.values()].reduce((sum, p) => sum + p.counters()[key], 0);
    const pooled = { a: [] as number[], b: [] as number[] };
    const seconds = { a: 0, b: 0 };
    const nodes = { a: { exchanges: 0, connections: 0 }, b: { exchanges: 0, connections: 0 } };
    const counted = async <T>(side: 'a' | 'b', run: () => Promise<T>) => {
      const [e, c] = [count('exchanges'), count('connections')];
      const result = await run();
      nodes[side].exchanges += count('exchanges') - e;
      nodes[side].connections += count('connections') - c;
      return result;
    };
    const perRound: number[] = [];
    for (let i = 0; i < settings.rounds; i++) {
      const x = await counted('a', () => loop.run(a.url, a.body, settings.durationSec));
      const y = await counted('b', () => loop.run(b.url, b.body, settings.durationSec));
      pooled.a.push(...x.samples);
      pooled.b.push(...y.samples);
      seconds.a += x.seconds;
      seconds.b += y.seconds;
      perRound.push(percentile(x.samples, 50) / percentile(y.samples, 50));
    }
    const side = (label: string, samples: number[], secs: number, n: { exchanges: number; connections: number }): WanSide => ({
      label,
      requests: samples.length,
      p50: percentile(samples, 50),
      p99: percentile(samples, 99),
      rps: samples.length / secs,
      nodeRequests: n.exchanges / samples.length,
      nodeConnections: n.connections / samples.length,
    });
    const A = side(a.label, pooled.a, seconds.a, nodes.a);
    const B = side(b.label, pooled.b, seconds.b, nodes.b);
    return { a: A, b: B, p50: A.p50 / B.p50, p99: A.p99 / B.p99, p50Spread: [Math.min(...perRound), Math.max(...perRound)] };
  } finally {
    loop.close();
  }
}

async function roundTrips(
  s: { shape: string; url: string; body: string; headers?: Record<string, string> },
  proxies: Map<string, LatencyProxy>,
  rtt: (cc: string) => number,
  n = 20,
): Promise<WanShape> {
  const send = async () => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: s.body });
    await res.arrayBuffer();
  };
  for (let i = 0; i < 3; i++) await send(); // connections warm, as in steady use
  const before = new Map([...proxies].map(([cc, p]) => [cc, p.counters()]));
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await send();
    times.push(performance.now() - start);
  }
  let nodeRequests = 0;
  let connections = 0;
  let slowest = 0;
  for (const [cc, p] of proxies) {
    const after = p.counters();
    const exchanges = after.exchanges - before.get(cc)!.exchanges;
    nodeRequests += exchanges;
    connections += after.connections - before.get(cc)!.connections;
    if (exchanges > 0) slowest = Math.max(slowest, rtt(cc));
  }
  const p50 = median(times);
  return { shape: s.shape, p50, roundTrips: slowest ? p50 / slowest : 0, nodeRequests: nodeRequests / n, connections: connections / n };
}

export function wanMarkdown(w: WanRecord): string[] {
  const r2 = (x: number) => x.toFixed(2);
  const lines = [
    `**9. Cross-country page at WAN distances** (latency proxy per node: RTT ${Object.entries(w.rttMs)
      .map(([cc, ms]) => `${cc} ${ms}`)
      .join(
        ', ',
      )} ms, jitter ≤ ${w.jitterMs} ms per direction; floor = the slowest node ${w.slowest} directly through its proxy; targets p50 ≤ 1.1x, p99 ≤ 1.3x)`,
    '',
    `${w.connections} closed-loop clients on kept-alive sockets; p50/p99 over all requests of a side (A and B alternate, rounds pooled); node requests per page > ${Object.keys(w.rttMs).length} means some pages needed a top-up round trip.`,
    '',
    '| Page fetch | Gateway p50 / p99 ms | Floor p50 / p99 ms | p50 ratio (spread) | p99 ratio | requests gateway / floor | node requests per page | new node connections per page (gateway / floor) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const c of w.comparisons) {
    const { a, b } = c;
    lines.push(
      `| ${c.mode} | ${a.p50.toFixed(1)} / ${a.p99.toFixed(1)} | ${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} | **${r2(c.p50)}** (${r2(c.p50Spread[0])}–${r2(c.p50Spread[1])}) | **${r2(c.p99)}** | ${a.requests} / ${b.requests} | ${a.nodeRequests.toFixed(3)} | ${a.nodeConnections.toFixed(3)} / ${b.nodeConnections.toFixed(3)} |`,
    );
  }
  lines.push(
    '',
    'Round trips per request shape (sequential requests through the proxies; round trips = p50 ÷ RTT of the slowest node the request reached):',
    '',
  );
  lines.push('| Request | p50 ms | ≈ round trips | node requests / request | new connections / request |', '|---|---|---|---|---|');
  for (const s of w.shapes)
    lines.push(`| ${s.shape} | ${s.p50.toFixed(0)} | **${s.roundTrips.toFixed(1)}** | ${s.nodeRequests.toFixed(2)} | ${s.connections.toFixed(2)} |`);
  lines.push('');
  return lines;
}
