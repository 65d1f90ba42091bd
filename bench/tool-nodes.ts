/** The federation the side-by-side tools (node-cost, gateway-cost) measure over. */
import { loadRegionalConfig } from '../platform/config.js';
import { startRegional } from '../subgraphs/regional/server.js';
import { countryCodes } from './args.js';
import { startNodeProcess, type BenchNode } from './cluster.js';
import { ensureRows } from './data.js';
import { withCountryDb, type Resources } from './helpers.js';
import { startBenchPostgres } from './postgres.js';

/** Embedded PostgreSQL, the regional subgraph and `countries` country nodes of `rows` events each, each in its own process. */
export async function startToolNodes(res: Resources, countries: number, rows = 1000): Promise<{ regionalUrl: string; nodes: BenchNode[] }> {
  const pg = await startBenchPostgres(() => {});
  res.add('postgres', pg.stop);
  const regional = await startRegional(
    loadRegionalConfig(['--port', '0'], { NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: await pg.database('regional') }),
  );
  res.add('regional', regional.close);
  const nodes: BenchNode[] = [];
  for (const cc of countryCodes(countries)) {
    const url = await pg.database(`node_${cc.toLowerCase()}`);
    await withCountryDb(url, (ds) => ensureRows(ds, [cc], rows));
    const node = await startNodeProcess(cc, url);
    res.add(`node ${cc}`, node.stop);
    nodes.push(node);
  }
  return { regionalUrl: regional.url, nodes };
}
