import { loadGatewayConfig, loadRegionalConfig } from '../../platform/config.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { startRegional, type RegionalService } from '../../subgraphs/regional/server.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { generateCountryData, insertCountryData, type CountryData, type GenerateOptions } from './generate.js';
import { postGraphQL, startTestNode, type TestNode } from './nodes.js';
import { startProxy, type CountingProxy } from './proxy.js';

export interface TestFederation {
  gateway: RunningGateway;
  regional: RegionalService;
  nodes: Map<string, TestNode>;
  proxies: Map<string, CountingProxy>;
  /** Generated rows per country (when `generate` was given). */
  data: Map<string, CountryData>;
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: any; errors?: any[] }>;
  stop(): Promise<void>;
}

export interface FederationOptions {
  countries?: string[];
  /** Seed each node from its seed file (default) or fill it with generated data. */
  generate?: Omit<GenerateOptions, 'seed'> & { seed?: number };
  /**
   * Default 8 s: a loaded machine (a user's laptop running other work) can keep a healthy node
   * from answering within the product's 3 s. Tests that make a node hang pass a shorter one.
   */
  nodeTimeoutMs?: number;
  pollIntervalMs?: number;
  /** More gateway settings (e.g. RESPONSE_CACHE: 'on'). */
  gatewayEnv?: Record<string, string>;
  /** More settings of one country's node (e.g. KG: { DB_WRITE_POOL_SIZE: '2' }). */
  nodeEnv?: Record<string, Record<string, string>>;
  /** What stands in front of each node (default: the counting proxy; e.g. a misbehaving node). */
  front?: (nodeUrl: string, country: string) => Promise<CountingProxy>;
}

/**
 * The whole federation for a test: regional subgraph, one real node per country (own database
 * on the local server), a counting proxy in front of each node, and the gateway, all on port 0
 * and over real HTTP.
 */
export async function startFederation(options: FederationOptions = {}): Promise<TestFederation> {
  const countries = options.countries ?? ['MN', 'KG', 'AZ', 'VN'];
  const regionalDb: TestDatabase = await createTestDatabase('regional');
  const regional = await startRegional(loadRegionalConfig(['--port', '0'], { NODE_ENV: 'test', DATABASE_URL: regionalDb.url }));
  const nodes = new Map<string, TestNode>();
  const proxies = new Map<string, CountingProxy>();
  const data = new Map<string, CountryData>();
  await Promise.all(
    countries.map(async (country, i) => {
      const node = await startTestNode(country, { seed: !options.generate, env: options.nodeEnv?.[country] });
      if (options.generate) {
        const generated = generateCountryData(country, { ...options.generate, seed: (options.generate.seed ?? 1) * 100 + i } as GenerateOptions);
        await insertCountryData(node.ds, generated);
        data.set(country, generated);
      }
      nodes.set(country, node);
      proxies.set(country, await (options.front ?? startProxy)(node.url, country));
    }),
  );
  const gateway = await startGateway(
    loadGatewayConfig(['--port', '0'], {
      NODE_ENV: 'test',
      REGIONAL_URL: regional.url,
      COUNTRY_NODES: countries.map((c) => `${c}=${proxies.get(c)!.url}`).join(','),
      NODE_TIMEOUT_MS: String(options.nodeTimeoutMs ?? 8000),
      POLL_INTERVAL_MS: String(options.pollIntervalMs ?? 60000),
      ...options.gatewayEnv,
    }),
  );
  return {
    gateway,
    regional,
    nodes,
    proxies,
    data,
    query: (query, variables, headers) => postGraphQL(gateway.url, query, variables, headers),
    stop: async () => {
      await gateway.close();
      await Promise.all([...proxies.values()].map((p) => p.close()));
      await Promise.all([...nodes.values()].map((n) => n.stop().catch(() => {})));
      await regional.close();
      await regionalDb.drop();
    },
  };
}
