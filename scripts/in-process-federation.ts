import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { loadCountryNodeConfig, loadGatewayConfig, loadRegionalConfig } from '../platform/config.js';
import { startCountryNode, type CountryNode } from '../subgraphs/country/server.js';
import { startRegional } from '../subgraphs/regional/server.js';

export const MEASURE_SECRET = 'measurement-secret-0123456789abcdef0123';

export interface InProcessFederation {
  gateway: RunningGateway;
  nodes: Map<string, CountryNode>;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary GraphQL answers, read field by field
export type Answer = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

export const post = (url: string, query: string, variables?: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) })
    .then((r) => r.json() as Promise<Answer>)
    .catch((error: Error) => ({ errors: [{ message: error.message, extensions: { code: 'NO_ANSWER' } }] }));

/**
 * For the measurement scripts: a production-mode federation (gateway, regional, the given
 * country nodes, each with its own embedded PostgreSQL in a temp folder) in this process;
 * response cache and rate limit off, so every request reaches the nodes. Works on any commit
 * since the in-process APIs it calls are the ones tests use.
 */
export async function startInProcessFederation(countries: string[]): Promise<InProcessFederation> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-measure-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  const env = { NODE_ENV: 'production', JWT_SECRET: MEASURE_SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.splice(0)) await c().catch((e) => console.error(e));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const regional = await startRegional(loadRegionalConfig(['--port', '0'], env));
    closers.unshift(() => regional.close());
    const nodes = new Map<string, CountryNode>();
    for (const node of await Promise.all(countries.map((c) => startCountryNode(loadCountryNodeConfig(['--country', c, '--port', '0'], env))))) {
      nodes.set(node.country, node);
      closers.unshift(() => node.close());
    }
    const gateway = await startGateway(
      loadGatewayConfig(['--port', '0'], {
        ...env,
        REGIONAL_URL: regional.url,
        COUNTRY_NODES: [...nodes.values()].map((n) => `${n.country}=${n.url}`).join(','),
        RESPONSE_CACHE: 'off',
        RATE_LIMIT_REQUESTS: '0',
      }),
    );
    closers.unshift(() => gateway.close());
    return { gateway, nodes, close };
  } catch (error) {
    await close();
    throw error;
  }
}
