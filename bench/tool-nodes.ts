/** Country nodes over seeded databases, and the federation the side-by-side tools (node-cost, gateway-cost) measure over. */
import { loadRegionalConfig } from '../platform/config.js';
import { startRegional } from '../subgraphs/regional/server.js';
import { countryCodes } from './args.js';
import { startNodeProcess, type BenchNode } from './cluster.js';
import { ensureRows } from './data.js';
import { withCountryDb, type Resources } from './helpers.js';
import { startBenchPostgres, type BenchPostgres } from './postgres.js';

/** Embedded PostgreSQL, the regional subgraph and `countries` country nodes of `rows` events each, each in its own process. */
export async function startToolNodes(res: Resources, countries: number, rows = 1000): Promise<{ regionalUrl: string; nodes: BenchNode[] }> {
  const pg = await startBenchPostgres(() => {});
  res.add('postgres', pg.stop);
  const regional = await startRegional(
    loadRegionalConfig(['--port', '0'], { NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: await pg.database('regional') }),
  );
  res.add('regional', regional.close);
  const nodes = await startSeededNodes(pg, res, countryCodes(countries), rows, { database: 'node', label: 'node' });
  return { regionalUrl: regional.url, nodes };
}

/**
 * A node process for each of `codes`, each over its own database (`<database>_<cc>`) holding
 * `rows` events of its country; stopped with `res` (named `<label> <cc>`).
 */
export async function startSeededNodes(
  pg: BenchPostgres,
  res: Resources,
  codes: readonly string[],
  rows: number,
  names: { database: string; label: string },
): Promise<BenchNode[]> {
  const nodes: BenchNode[] = [];
  for (const cc of codes) {
    const url = await pg.database(`${names.database}_${cc.toLowerCase()}`);
    await withCountryDb(url, (ds) => ensureRows(ds, [cc], rows));
    const node = await startNodeProcess(cc, url);
    res.add(`${names.label} ${cc}`, node.stop);
    nodes.push(node);
  }
  return nodes;
}
