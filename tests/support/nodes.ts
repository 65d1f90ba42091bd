import { loadCountryNodeConfig } from '../../platform/config.js';
import { startCountryNode, type CountryNode } from '../../subgraphs/country/server.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestNode extends CountryNode {
  database: TestDatabase;
  /** POSTs a GraphQL request to the node; returns the parsed JSON body. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: any[] }>;
  /** Stops the node and drops its database. */
  stop(): Promise<void>;
}

export async function postGraphQL(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return res.json() as Promise<{ data?: any; errors?: any[] }>;
}

/**
 * A real country node on port 0 over a fresh database on the local PostgreSQL server.
 * `seed: false` starts it empty (tests insert their own data).
 */
export async function startTestNode(country: string, options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestNode> {
  const database = await createTestDatabase(`node_${country}`);
  const config = loadCountryNodeConfig(['--country', country, '--port', '0'], {
    NODE_ENV: 'test',
    // Quiet even in production mode unless the run asks for logs (LOG_LEVEL=info npx jest …).
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    SEED_ON_START: options.seed === false ? 'false' : 'true',
    // The node suites run unchanged with compiled execution on (NODE_COMPILED_EXECUTION=true npx jest …).
    ...(process.env.NODE_COMPILED_EXECUTION ? { NODE_COMPILED_EXECUTION: process.env.NODE_COMPILED_EXECUTION } : {}),
    ...options.env,
  });
  const node = await startCountryNode(config);
  return {
    ...node,
    database,
    query: (query, variables, headers) => postGraphQL(node.url, query, variables, headers),
    stop: async () => {
      await node.close();
      await database.drop();
    },
  };
}
