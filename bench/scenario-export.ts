/**
 * Scenario `export` (issue 22 item 2): a BI tool's full export of every event through the
 * gateway's streaming export (`GET /export/events.ndjson`, and `.csv`), against reading the same
 * rows straight from the four databases with SQL (the same columns in the same order, the four
 * in parallel, each answer whole). Both return the same number of rows (checked); the figure is
 * the ratio of their rows/s, measured in the same run, alternating.
 *
 *   npm run bench -- --only export [--export-rows 25000] [--rounds 3]
 *
 * Each node runs in its own process on its own database (`export_<cc>`, filled like the issue:
 * `--export-rows` events per country plus organisations and programmes), so the nodes' work
 * spreads over processes as in a deployment; the gateway runs in the bench process.
 */
import os from 'node:os';
import pg from 'pg';
import { startOurGateway, type BenchNode } from './cluster.js';
import type { Resources } from './helpers.js';
import type { BenchPostgres } from './postgres.js';
import { startSeededNodes } from './tool-nodes.js';

const COUNTRIES = ['MN', 'KG', 'AZ', 'VN'];
/** The columns the events export carries (subgraphs/country/export/lists.ts declares them), in its order. */
const DIRECT = `SELECT id, country, title, summary, type, start_date, end_date, date_precision, city, venue, online, programme_id,
  participant_count, presentation_count, themes, outcomes, sources, updated_at, version FROM event ORDER BY sort_start_desc DESC, id`;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Reads a whole export as fast as it comes; returns its rows (lines before the end line) and checks it completed. */
async function throughGateway(url: string): Promise<{ rows: number; bytes: number }> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let tail = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-400);
  }
  const last = tail.trimEnd().split(/\r?\n/).pop() ?? '';
  if (!/^(\{"end"|#end,)/.test(last)) throw new Error(`export did not complete: ${last}`);
  // The end line counts the rows (the gateway checked each node's count; the caller compares with SQL).
  const rows = Number(/"rows":(\d+)/.exec(last)?.[1] ?? /^#end,(\d+)/.exec(last)?.[1]);
  return { rows, bytes };
}

async function directly(nodes: BenchNode[]): Promise<number> {
  const counts = await Promise.all(
    nodes.map(async (node) => {
      const client = new pg.Client({ connectionString: node.databaseUrl });
      await client.connect();
      try {
        return (await client.query(DIRECT)).rows.length;
      } finally {
        await client.end();
      }
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

export interface ExportScenarioOptions {
  pg: BenchPostgres;
  regionalUrl: string;
  rowsPerCountry: number;
  rounds: number;
  res: Resources;
  step: (message: string) => void;
}

/** Runs the scenario; returns one note per measured line for the report. */
export async function exportScenario(o: ExportScenarioOptions): Promise<string[]> {
  const t = performance.now();
  const nodes = await startSeededNodes(o.pg, o.res, COUNTRIES, o.rowsPerCountry, { database: 'export', label: 'export node' });
  const gateway = await startOurGateway(o.regionalUrl, nodes);
  o.res.add('export gateway', gateway.close);
  const base = gateway.url.replace(/\/graphql$/, '');
  o.step(`export: ${COUNTRIES.length} nodes × ${o.rowsPerCountry.toLocaleString('en')} events ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const notes: string[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    const before = load();
    let start = performance.now();
    const nd = await throughGateway(`${base}/export/events.ndjson`);
    const ndSeconds = (performance.now() - start) / 1000;
    start = performance.now();
    const direct = await directly(nodes);
    const directSeconds = (performance.now() - start) / 1000;
    start = performance.now();
    const csv = await throughGateway(`${base}/export/events.csv`);
    const csvSeconds = (performance.now() - start) / 1000;
    // Where the time goes: one node's own export, read straight from it (no gateway).
    start = performance.now();
    const one = await throughGateway(nodes[0].url.replace(/\/graphql$/, '/export/events.ndjson'));
    const oneSeconds = (performance.now() - start) / 1000;
    if (nd.rows !== direct || csv.rows !== direct) throw new Error(`the export returned ${nd.rows} (CSV ${csv.rows}) rows, the databases ${direct}`);
    const rate = (rows: number, s: number) => Math.round(rows / s).toLocaleString('en');
    const line =
      `export round ${round}: ${direct.toLocaleString('en')} events; NDJSON through the gateway ${ndSeconds.toFixed(2)} s (${rate(nd.rows, ndSeconds)} rows/s, ${(nd.bytes / 2 ** 20).toFixed(0)} MiB), ` +
      `CSV ${csvSeconds.toFixed(2)} s (${rate(csv.rows, csvSeconds)} rows/s), the four databases directly ${directSeconds.toFixed(2)} s (${rate(direct, directSeconds)} rows/s); ` +
      `node ${nodes[0].country} alone ${oneSeconds.toFixed(2)} s (${rate(one.rows, oneSeconds)} rows/s); ` +
      `ratio NDJSON ${(directSeconds / ndSeconds).toFixed(2)}, CSV ${(directSeconds / csvSeconds).toFixed(2)} (target ≥ 0.33); load average ${before} → ${load()}`;
    o.step(line);
    notes.push(line);
  }
  return notes;
}
