/** One shard of a sharded subgraph, as the gateway uses it. */
export interface Shard {
  /** Its shard key, upper-case (the country code for the country nodes). */
  key: string;
  url: string;
  /** Its own request timeout, null for the gateway-wide one. */
  timeoutMs: number | null;
  /** Its own breaker settings (the shard's over the subgraph's); absent keys take the gateway-wide value. */
  breaker?: ShardBreaker;
  /** Whether the response cache may serve it; null or absent for the gateway-wide setting. */
  cache?: boolean | null;
}

/** `breaker:` of gateway.yaml in the units the gateway uses. */
export interface ShardBreaker {
  failureThreshold?: number;
  openMs?: number;
  maxOpenMs?: number;
  probeTimeoutMs?: number;
}

/** What the gateway federates, read and checked (see load.ts). */
export interface SubgraphList {
  /** Served as @apollo/gateway serves a subgraph. */
  ordinary: Array<{ name: string; url: string; timeoutMs: number | null }>;
  /** The one subgraph deployed per shard key, null when there is none. */
  sharded: { name: string; shards: Shard[] } | null;
  /** A supergraph composed elsewhere (its text), used instead of composing the subgraphs' SDLs. */
  supergraphSdl: string | null;
}

/** Every shard key, in configuration order. */
export function shardKeys(list: SubgraphList): string[] {
  return list.sharded?.shards.map((s) => s.key) ?? [];
}
