import type { GatewayConfig } from './config.js';

/**
 * What the gateway federates when no gateway.yaml is given, from today's environment variables:
 * REGIONAL_URL is an ordinary subgraph named `regional`, COUNTRY_NODES the sharded subgraph
 * `country`. Kept out of gateway/ so the gateway itself names no subgraph. Shaped as the
 * `subgraphs:` key of gateway.yaml (gateway/subgraphs/config-schema.ts).
 */
export function defaultSubgraphs(config: Pick<GatewayConfig, 'regionalUrl' | 'countryNodes'>): {
  subgraphs: Array<{ name: string; url: string } | { name: string; shards: Record<string, string> }>;
} {
  return {
    subgraphs: [
      { name: 'regional', url: config.regionalUrl },
      { name: 'country', shards: Object.fromEntries(config.countryNodes.map((n) => [n.country, n.url])) },
    ],
  };
}
