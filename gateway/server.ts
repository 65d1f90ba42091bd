import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { isScalarType, type GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../shared/config.js';
import { CountryCodeScalar, DateScalar, DateTimeScalar } from '../shared/scalars.js';
import { startApolloService, type RunningService } from '../shared/http-server.js';
import { logFunction, toLogger, type Logger } from '../shared/observability/logger.js';
import { observabilityRoutes } from '../shared/observability/routes.js';
import { createObservability } from '../shared/observability/service.js';
import { injectTraceContext, tracingEnabled } from '../shared/observability/tracing.js';
import { createGatewayContext, type GatewayContext } from './context.js';
import { gatewayHealth, gatewayReadiness } from './health.js';
import { GatewayMetrics } from './metrics.js';
import { COUNTRY_SUBGRAPH, NodeRegistry } from './registry.js';
import { ShardedSubgraph } from './sharded-subgraph.js';
import { countryTags } from './transport/country-tags.js';
import { nodeDeadline } from './transport/deadline.js';
import { httpTransport } from './transport/http.js';
import { transportMetrics } from './transport/metrics.js';
import { registryGate } from './transport/registry-gate.js';
import { transportTracing } from './transport/tracing.js';
import { composeTransport, type Transport } from './transport/transport.js';

export interface RunningGateway extends RunningService {
  registry: NodeRegistry;
  /** Prometheus metrics; the circuit breaker reports its states through `metrics.breakerState`. */
  metrics: GatewayMetrics;
  logger: Logger;
}

export interface GatewayOptions {
  waitForNodesMs?: number;
  /** Replaces the HTTP transport to the country nodes (tests; the plugins still wrap it). */
  transport?: Transport;
}

/** The transport to the country nodes: HTTP at the bottom, each concern a plugin around it. */
export function countryTransport(config: GatewayConfig, registry: NodeRegistry, base?: Transport, metrics?: GatewayMetrics): Transport {
  return composeTransport(
    base ?? httpTransport((country) => registry.nodes.get(country)?.url),
    registryGate(registry),
    nodeDeadline({ readTimeoutMs: config.nodeTimeoutMs, writeTimeoutMs: config.writeTimeoutMs }),
    countryTags,
    // Innermost: they see what actually goes out to a node, with its final deadline and headers.
    ...(metrics ? [transportMetrics(metrics)] : []),
    ...(tracingEnabled() ? [transportTracing] : []),
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

/** Forwards the caller's credentials, request id and trace context to the regional subgraph too. */
class RegionalDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    const headers: Record<string, string> = { ...(context as Partial<GatewayContext> | undefined)?.forward };
    if (tracingEnabled()) injectTraceContext(headers);
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
  }
}

/**
 * Builds and starts the gateway: composes the supergraph from the regional SDL and the
 * country SDL the nodes serve, and answers the `country` subgraph through the shard-aware
 * data source.
 */
export async function startGateway(config: GatewayConfig, logger?: Logger | ((m: string) => void), options: GatewayOptions = {}): Promise<RunningGateway> {
  const metrics = new GatewayMetrics({ operationNames: config.observability.metricsOperationNames }, config.countryNodes.map((n) => n.country));
  const obs = createObservability('gateway', config.observability, { logger: toLogger(logger), metrics });
  const registry = new NodeRegistry(config, logFunction(obs.logger));
  const countrySource = new ShardedSubgraph(registry, countryTransport(config, registry, options.transport, metrics), config.requestTimeoutMs);
  const gateway = new ApolloGateway({
    logger: obs.logger,
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
      health: () => gatewayHealth(registry, obs.healthDetails),
      routes: observabilityRoutes(obs, () => gatewayReadiness(registry)),
      observability: obs,
    },
    config.port,
    config.host,
  );
  return {
    ...service,
    registry,
    metrics,
    logger: obs.logger,
    close: async () => {
      registry.stop();
      await service.close();
    },
  };
}
