/**
 * Change-feed catch-up (issue 22): a BI tool reading every change of four nodes from the start
 * through the gateway (`changes(since, first: 500)`, following the watermark), against reading
 * the same changes straight from the four databases (keyset pages of 500 on `seq`, the record
 * joined; the four countries in parallel, as the gateway asks them). Both return the same rows;
 * the figure is the ratio of their rows/s, measured in the same run.
 *
 *   npm run build && NODE_ENV=production node dist/bench/feed-catchup.js [changes per busy country, default 25000] [busy countries, default 4]
 *
 * With fewer busy countries the others' logs are empty (one office catching up on its edits).
 *
 * Every node's log gets one UPSERT revision per generated event, as the change-log migration
 * gives records that existed before it (bench/data.ts generates the events in bulk, bypassing
 * the API).
 */
import 'reflect-metadata';
import os from 'node:os';
import pg from 'pg';
import { loadRegionalConfig } from '../platform/config.js';
import { startRegional } from '../subgraphs/regional/server.js';
import { startNodeProcess, startOurGateway, type BenchNode } from './cluster.js';
import { ensureRows } from './data.js';
import { Resources, withCountryDb } from './helpers.js';
import { startBenchPostgres } from './postgres.js';

const COUNTRIES = ['MN', 'KG', 'AZ', 'VN'];
const PAGE = 500;
const FEED = `query($since: String) { changes(since: $since, first: ${PAGE}) {
  changes { kind entity id country version changedAt record { id ... on Event { title { text } startDate } } }
  watermark hasMore unavailable } }`;
const DIRECT = `SELECT c.seq, c.kind, c.entity, c.record_id, c.version, c.changed_at, e.id, e.title, e.start_date
  FROM change_log c LEFT JOIN event e ON e.id = c.record_id WHERE c.seq > $1 ORDER BY c.seq LIMIT ${PAGE}`;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const log = (m: string) => console.log(`[feed] ${m}`);

async function fillLog(url: string, cc: string, perCountry: number): Promise<void> {
  await withCountryDb(url, async (ds) => {
    await ensureRows(ds, [cc], perCountry);
    await ds.query('TRUNCATE change_log');
    await ds.query(
      `INSERT INTO change_log (seq, entity, record_id, kind, version, changed_at, changed_by, changed_fields)
       SELECT row_number() OVER (ORDER BY updated_at, id), 'EVENT', id, 'UPSERT', version, updated_at, 'bench', '{}' FROM event`,
    );
    await ds.query('UPDATE change_position SET seq = (SELECT COALESCE(max(seq), 0) FROM change_log), swept_through = 0');
    await ds.query('ANALYZE change_log');
  });
}

async function throughGateway(url: string): Promise<number> {
  let since: string | null = null;
  let rows = 0;
  for (;;) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: FEED, variables: { since } }),
    });
    const body = (await res.json()) as {
      data?: { changes: { changes: unknown[]; watermark: string; hasMore: boolean; unavailable: string[] } };
      errors?: unknown;
    };
    if (!body.data || body.data.changes.unavailable.length) throw new Error(`feed read failed: ${JSON.stringify(body.errors ?? body.data)}`);
    rows += body.data.changes.changes.length;
    since = body.data.changes.watermark;
    if (!body.data.changes.hasMore) return rows;
  }
}

async function directly(nodes: BenchNode[]): Promise<number> {
  const counts = await Promise.all(
    nodes.map(async (node) => {
      const client = new pg.Client({ connectionString: node.databaseUrl });
      await client.connect();
      try {
        let after = '0';
        let rows = 0;
        for (;;) {
          const page = await client.query<{ seq: string }>(DIRECT, [after]);
          rows += page.rows.length;
          if (page.rows.length < PAGE) return rows;
          after = String(page.rows.at(-1)!.seq);
        }
      } finally {
        await client.end();
      }
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  const perCountry = Number(process.argv[2] ?? 25000);
  const busy = Number(process.argv[3] ?? COUNTRIES.length);
  const res = new Resources();
  try {
    const pgServer = await startBenchPostgres(log);
    res.add('postgres', pgServer.stop);
    const regional = await startRegional(
      loadRegionalConfig(['--port', '0'], { NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: await pgServer.database('regional') }),
    );
    res.add('regional', regional.close);
    const nodes: BenchNode[] = [];
    for (const cc of COUNTRIES) {
      const url = await pgServer.database(`node_${cc.toLowerCase()}`);
      await fillLog(url, cc, nodes.length < busy ? perCountry : 0);
      const node = await startNodeProcess(cc, url);
      res.add(`node ${cc}`, node.stop);
      nodes.push(node);
    }
    const gateway = await startOurGateway(regional.url, nodes);
    res.add('gateway', gateway.close);
    log(
      `${COUNTRIES.length} nodes, ${busy} of them with ${perCountry.toLocaleString('en')} changes; machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    );
    for (let round = 1; round <= 3; round++) {
      const before = load();
      let t = performance.now();
      const viaGateway = await throughGateway(gateway.url);
      const gatewaySeconds = (performance.now() - t) / 1000;
      t = performance.now();
      const direct = await directly(nodes);
      const directSeconds = (performance.now() - t) / 1000;
      if (viaGateway !== direct) throw new Error(`the gateway returned ${viaGateway} changes, the databases ${direct}`);
      log(
        `round ${round}: ${viaGateway.toLocaleString('en')} changes; gateway ${gatewaySeconds.toFixed(1)} s (${Math.round(viaGateway / gatewaySeconds).toLocaleString('en')} rows/s), ` +
          `databases directly ${directSeconds.toFixed(1)} s (${Math.round(direct / directSeconds).toLocaleString('en')} rows/s), ratio ${(directSeconds / gatewaySeconds).toFixed(2)}; load average ${before} → ${load()}`,
      );
    }
  } finally {
    await res.closeAll();
  }
}

main().catch((error: Error) => {
  console.error(`[feed] ${error.stack ?? error.message}`);
  process.exit(1);
});
