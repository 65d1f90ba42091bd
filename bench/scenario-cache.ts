import { mintToken } from '../platform/auth.js';
import type { RunningGateway } from '../gateway/server.js';
import { postJson, startOurGateway, type BenchNode } from './cluster.js';
import { compare, median, type LoadDriver, type LoadSettings } from './load.js';
import type { ComparisonRecord } from './report.js';

/** The secret bench/node-process.ts gives the nodes (writes need a token they accept). */
const NODE_SECRET = 'bench-only-secret';
const UPDATE = `mutation($id: ID!, $v: Int!, $city: String) { updateEvent(id: $id, expectedVersion: $v, patch: { city: $city }) { version city } }`;

export interface CacheScenarioResult {
  comparison: ComparisonRecord;
  /** Lines for the report's notes: hit ratio and write-to-visibility figures. */
  notes: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cache lookups so far, whole answers (`ALL`) apart from node sub-requests. */
async function cacheCounts(gateway: RunningGateway): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const v of (await gateway.metrics.cacheLookups.get()).values) {
    const key = `${v.labels.country === 'ALL' ? 'whole' : 'node'}.${v.labels.outcome}`;
    counts[key] = (counts[key] ?? 0) + v.value;
  }
  return counts;
}

/**
 * 10. Exact response caching. (a) The repeated cross-country page through our gateway with the
 * cache on vs the central database's node directly. (b) Under a steady load of that page
 * through the gateway, `writes` updates of an event on the page, alternately through the
 * gateway and straight to its node; for each, the time from the write's answer (committed) to
 * the first read through the gateway that shows it, polling back to back.
 */
export async function cacheScenario(
  driver: LoadDriver,
  regionalUrl: string,
  nodes: BenchNode[],
  central: BenchNode,
  page: string,
  settings: LoadSettings,
  writes = 10,
): Promise<CacheScenarioResult> {
  const gateway = await startOurGateway(regionalUrl, nodes, { RESPONSE_CACHE: 'on', JWT_SECRET: NODE_SECRET });
  try {
    const deadline = Date.now() + 20_000;
    while (nodes.some((n) => gateway.cache!.versions.version(n.country) === null)) {
      if (Date.now() > deadline) throw new Error('scenario 10: version streams not connected within 20 s');
      await sleep(50);
    }
    const before = await cacheCounts(gateway);
    const result = await compare(
      driver,
      { label: 'our gateway, cache on (repeated page)', url: gateway.url, body: page },
      { label: 'central database node directly', url: central.url, body: page },
      settings,
    );
    const after = await cacheCounts(gateway);
    const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    const share = (layer: string) => {
      const total = delta(`${layer}.hit`) + delta(`${layer}.miss`) + delta(`${layer}.bypass`);
      return `${delta(`${layer}.hit`)} of ${total} (${((100 * delta(`${layer}.hit`)) / Math.max(1, total)).toFixed(1)}%)`;
    };
    const notes = [
      `10a: cache hits during the measurement: whole answers ${share('whole')}; node sub-requests (made on whole-answer misses) ${share('node')}.`,
    ];

    // (b) write → visible through the gateway, under load.
    const first = (await postJson(gateway.url, page)).data.events.edges[0].node as { id: string };
    const owner = nodes.find((n) => first.id.startsWith(`${n.country}:`))!;
    const token = `Bearer ${await mintToken({ secret: NODE_SECRET, sub: 'bench', role: 'editor', country: owner.country })}`;
    let version = (
      (await postJson(owner.url, JSON.stringify({ query: `query($id: ID!) { event(id: $id) { version } }`, variables: { id: first.id } }))).data.event as {
        version: number;
      }
    ).version;
    const load = driver.run({ label: 'page through the gateway', url: gateway.url, body: page }, Math.max(10, writes * 2), settings.connections);
    const seen: Record<'gateway' | 'node', number[]> = { gateway: [], node: [] };
    let reads = 0;
    try {
      await sleep(1000);
      for (let i = 0; i < writes; i++) {
        const via = i % 2 === 0 ? 'gateway' : 'node';
        const city = `bench-${Date.now()}-${i}`;
        const res = await fetch(via === 'gateway' ? gateway.url : owner.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: token },
          body: JSON.stringify({ query: UPDATE, variables: { id: first.id, v: version, city } }),
        });
        const body = (await res.json()) as { data?: { updateEvent: { version: number } }; errors?: unknown[] };
        if (!body.data?.updateEvent) throw new Error(`scenario 10: write failed: ${JSON.stringify(body.errors)}`);
        version = body.data.updateEvent.version;
        const written = performance.now();
        for (;;) {
          const data = (await postJson(gateway.url, page)).data;
          reads += 1;
          const row = data.events.edges.find((e: { node: { id: string } }) => e.node.id === first.id)?.node as { city: string } | undefined;
          if (row?.city === city) break;
          if (performance.now() - written > 10_000) throw new Error(`scenario 10: write via ${via} not visible after 10 s`);
        }
        seen[via].push(performance.now() - written);
        await sleep(200);
      }
    } finally {
      await load.catch(() => {});
    }
    const fig = (xs: number[]) => `p50 ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} writes)`;
    notes.push(
      `10b: write → visible through the gateway under a steady page load (${settings.connections} connections): through the gateway ${fig(seen.gateway)}; straight to node ${owner.country} ${fig(seen.node)}; ${reads} polling reads. Target ≤ 1 s.`,
    );
    return {
      comparison: {
        id: '10a',
        title: 'Exact response cache: repeated cross-country page of 50',
        note: 'target ≤ 0.5 (cache hits vs the central database)',
        result,
      },
      notes,
    };
  } finally {
    await gateway.close();
  }
}
