import { loadRegionalConfig } from '../platform/config.js';
import { startBenchPostgres } from '../bench/postgres.js';
import { startNodeProcess, startOurGateway } from '../bench/cluster.js';
import { ensureRows } from '../bench/data.js';
import { Resources, withCountryDb } from '../bench/helpers.js';
import { startRegional } from '../subgraphs/regional/server.js';

export const BENCH_COUNTRIES = ['MN', 'KG', 'AZ', 'VN'];

/**
 * A federation holding `totalEvents` synthetic events (bench/data.ts), split evenly over the
 * four country nodes, for measuring the pages at volume: one embedded PostgreSQL, the regional
 * subgraph, each node in its own process, and the gateway in production mode (as deployed; its
 * response cache off, so every page load costs the federation its real work).
 */
export async function startBenchFederation(totalEvents: number, log: (line: string) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const res = new Resources();
  try {
    const pg = await startBenchPostgres(log);
    res.add('PostgreSQL', pg.stop);
    const regional = await startRegional(
      loadRegionalConfig(['--port', '0'], { NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: await pg.database('regional') }),
    );
    res.add('regional', regional.close);
    const perCountry = Math.ceil(totalEvents / BENCH_COUNTRIES.length);
    const started = Date.now();
    const nodes = [];
    for (const cc of BENCH_COUNTRIES) {
      const url = await pg.database(`node_${cc.toLowerCase()}`);
      await withCountryDb(url, (ds) => ensureRows(ds, [cc], perCountry));
      const node = await startNodeProcess(cc, url);
      res.add(`node ${cc}`, node.stop);
      nodes.push(node);
      log(`${cc}: ${perCountry.toLocaleString('en')} events loaded, node started (${((Date.now() - started) / 1000).toFixed(0)} s so far)`);
    }
    const gateway = await startOurGateway(regional.url, nodes, { NODE_TIMEOUT_MS: '15000' });
    res.add('gateway', gateway.close);
    return { url: gateway.url, stop: () => res.closeAll() };
  } catch (error) {
    await res.closeAll();
    throw error;
  }
}
