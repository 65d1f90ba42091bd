import { mintToken, type Role } from '../../platform/auth.js';
import { DEV_JWT_SECRET, loadGatewayConfig } from '../../platform/config.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import type { TestFederation } from './federation.js';

/**
 * Another gateway over a running test federation's regional subgraph and node proxies, with
 * its own settings (NODE_ENV, CORS_ORIGINS, IDE, CACHE_MAX_AGE, …), on port 0.
 */
export function startGatewayWith(fed: TestFederation, env: Record<string, string>): Promise<RunningGateway> {
  return startGateway(
    loadGatewayConfig(['--port', '0'], {
      NODE_ENV: 'test',
      // Quiet even in production mode unless the run asks for logs (LOG_LEVEL=info npx jest …).
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      REGIONAL_URL: fed.regional.url,
      COUNTRY_NODES: [...fed.proxies.entries()].map(([country, proxy]) => `${country}=${proxy.url}`).join(','),
      POLL_INTERVAL_MS: '60000',
      ...env,
    }),
  );
}

/** The gateway's origin (`http://127.0.0.1:PORT`) from its GraphQL URL. */
export function originOf(graphqlUrl: string): string {
  return new URL(graphqlUrl).origin;
}

/** A GET of a query the way a browser or urql sends it. */
export function getUrl(graphqlUrl: string, query: string, variables?: Record<string, unknown>, extensions?: Record<string, unknown>): string {
  const url = new URL(graphqlUrl);
  if (query) url.searchParams.set('query', query);
  if (variables) url.searchParams.set('variables', JSON.stringify(variables));
  if (extensions) url.searchParams.set('extensions', JSON.stringify(extensions));
  return url.toString();
}

/** A token the test nodes accept (they verify with the development secret). */
export function testToken(country: string, role: Role = 'editor'): Promise<string> {
  return mintToken({ secret: DEV_JWT_SECRET, sub: `test-${role}-${country.toLowerCase()}`, role, country });
}
