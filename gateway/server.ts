import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { isScalarType, type GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../shared/config.js';
import { CountryCodeScalar, DateScalar, DateTimeScalar } from '../shared/scalars.js';
import { startApolloService, type RunningService } from '../shared/http-server.js';
import { createGatewayContext, type GatewayContext } from './context.js';
import { COUNTRY_SUBGRAPH, NodeRegistry } from './registry.js';
import { ShardedSubgraph } from './sharded-subgraph.js';
import { countryTags } from './transport/country-tags.js';
import { nodeDeadline } from './transport/deadline.js';
import { httpTransport } from './transport/http.js';
import { registryGate } from './transport/registry-gate.js';
import { composeTransport, type Transport } from './transport/transport.js';

export interface RunningGateway extends RunningService {
  registry: NodeRegistry;
}

export interface GatewayOptions {
  waitForNodesMs?: number;
  /** Replaces the HTTP transport to the country nodes (tests; the plugins still wrap it). */
  transport?: Transport;
}

/** The transport to the country nodes: HTTP at the bottom, each concern a plugin around it. */
export function countryTransport(config: GatewayConfig, registry: NodeRegistry, base?: Transport): Transport {
  return composeTransport(
    base ?? httpTransport((country) => registry.nodes.get(country)?.url),
    registryGate(registry),
    nodeDeadline({ readTimeoutMs: config.nodeTimeoutMs, writeTimeoutMs: config.writeTimeoutMs }),
    countryTags,
  );
}

/**
 * A schema built from SDL accepts any value for a custom scalar. Give the gateway the nodes' own
 * parsing of Date, DateTime and CountryCode so bad input is refused up front, once, even when no
 * node would be asked (e.g. `countries: [mn]`). Results keep the default pass-through serialize.
 */
function validateScalarsLikeTheNodes(schema: GraphQLSchema): void {
  for (const scalar of [DateScalar, DateTimeScalar, CountryCodeScalar]) {
    const type = schema.getType(scalar.name);
    if (!isScalarType(type)) continue;
    type.parseValue = (value: unknown) => (scalar.parseValue(value), value);
    type.parseLiteral = (ast, variables) => scalar.parseLiteral(ast, variables);
  }
}

/** Forwards the caller's credentials to the regional subgraph too. */
class RegionalDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    const authorization = (context as Partial<GatewayContext> | undefined)?.forward?.authorization;
    if (authorization) request.http?.headers.set('authorization', authorization);
  }
}

/**
 * Builds and starts the gateway: composes the supergraph from the regional SDL and the
 * country SDL the nodes serve, and answers the `country` subgraph through the shard-aware
 * data source.
 */
export async function startGateway(config: GatewayConfig, log: (m: string) => void = () => {}, options: GatewayOptions = {}): Promise<RunningGateway> {
  const registry = new NodeRegistry(config, log);
  const countrySource = new ShardedSubgraph(registry, countryTransport(config, registry, options.transport), config.requestTimeoutMs);
  const gateway = new ApolloGateway({
    supergraphSdl: async ({ update }) => {
      const supergraphSdl = await registry.waitForSupergraph(options.waitForNodesMs ?? 30000);
      registry.onSupergraphChange(update);
      registry.startPolling();
      return { supergraphSdl, cleanup: async () => registry.stop() };
    },
    buildService: ({ name, url }) => (name === COUNTRY_SUBGRAPH ? countrySource : new RegionalDataSource({ url })),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => validateScalarsLikeTheNodes(apiSchema));
  const service = await startApolloService<GatewayContext>(
    {
      gateway,
      development: config.env !== 'production',
      context: async ({ req }) => createGatewayContext(req, config.requestTimeoutMs),
      health: () => {
        const nodes = [...registry.nodes.values()];
        const allUp = registry.regional.status === 'up' && nodes.every((n) => n.status === 'up');
        const rejectedSchemas = Object.fromEntries(registry.rejectedSchemas);
        return { status: allUp ? 'ok' : 'degraded', countrySchemaHash: registry.countryHash, regional: registry.regional, nodes, rejectedSchemas };
      },
    },
    config.port,
    config.host,
  );
  return {
    ...service,
    registry,
    close: async () => {
      registry.stop();
      await service.close();
    },
  };
}
