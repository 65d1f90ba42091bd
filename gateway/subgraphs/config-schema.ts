import { Type, type Static } from '@sinclair/typebox';

/** A duration with its unit, as people write it in a file: "500ms", "2s", "1.5m". */
export const Duration = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m)$', description: 'a duration with its unit: "500ms", "2s", "1m"' });

const HttpUrl = Type.String({ pattern: '^https?://[^\\s]+$', description: 'an http(s) URL of a GraphQL endpoint' });

/** What a subgraph or one shard may set differently from the gateway-wide defaults. */
const Overrides = {
  /** Longest one request to it may take (reads and writes). */
  timeout: Type.Optional(Duration),
  /** Its circuit breaker (shards only: an ordinary subgraph is asked as @apollo/gateway asks it). */
  breaker: Type.Optional(
    Type.Object(
      {
        failureThreshold: Type.Optional(Type.Integer({ minimum: 1 })),
        openFor: Type.Optional(Duration),
        maxOpenFor: Type.Optional(Duration),
        probeTimeout: Type.Optional(Duration),
      },
      { additionalProperties: false },
    ),
  ),
  /** The exact response cache (shards only: an ordinary subgraph has no data version to key it by). */
  cache: Type.Optional(Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false })),
};

const Name = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_-]*$', description: 'the subgraph name composition uses' });

/** An ordinary subgraph: served exactly as @apollo/gateway serves one. */
export const OrdinarySubgraphEntry = Type.Object({ name: Name, url: HttpUrl, ...Overrides }, { additionalProperties: false });

const Shard = Type.Union([HttpUrl, Type.Object({ url: HttpUrl, ...Overrides }, { additionalProperties: false })]);

/**
 * One logical subgraph deployed once per shard key (e.g. country code → node URL). How it shards
 * is declared in its own SDL (`@shard…` directives), never here.
 */
export const ShardedSubgraphEntry = Type.Object(
  { name: Name, shards: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_-]+$' }), Shard, { minProperties: 1 }), ...Overrides },
  { additionalProperties: false },
);

/**
 * The keys of gateway.yaml this part of the gateway owns: the subgraphs to compose, or a
 * supergraph SDL file composed elsewhere (as @apollo/gateway's `supergraphSdl`).
 */
export const SubgraphsSection = Type.Object({
  subgraphs: Type.Optional(Type.Array(Type.Union([OrdinarySubgraphEntry, ShardedSubgraphEntry]), { minItems: 1 })),
  supergraphSdl: Type.Optional(Type.String({ minLength: 1, description: 'path of a composed supergraph SDL file, relative to gateway.yaml' })),
});

export type SubgraphsSection = Static<typeof SubgraphsSection>;
export type OrdinarySubgraphEntry = Static<typeof OrdinarySubgraphEntry>;
export type ShardedSubgraphEntry = Static<typeof ShardedSubgraphEntry>;
