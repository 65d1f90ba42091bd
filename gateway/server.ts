import { ApolloGateway } from '@apollo/gateway';
import { isScalarType, type GraphQLSchema } from 'graphql';
import { createVerifier } from '../platform/auth.js';
import { settingsEnv } from '../platform/config/current.js';
import type { GatewayConfig } from '../platform/config.js';
import { defaultSubgraphs } from '../platform/default-subgraphs.js';
import { CountryCodeScalar, DateScalar, DateTimeScalar } from '../contract/scalars.js';
import { countryTransport, NODE_SCALARS } from './country-transport.js';
import { startApolloService, type RunningService } from '../platform/http-server.js';
import { logFunction, toLogger, type Logger } from '../platform/observability/logger.js';
import { observabilityRoutes } from '../platform/observability/routes.js';
import { createObservability } from '../platform/observability/service.js';
import { createGatewayContext, type GatewayContext } from './context.js';
import { gatewayHealth, gatewayReadiness } from './health.js';
import { GatewayMetrics } from './metrics.js';
import { NodeRegistry } from './registry.js';
import { mutationAuthPlugin } from './mutation-auth.js';
import { planBudget } from './plan-budget.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { reservedNamesPlugin } from './reserved-names.js';
import { ShardedSubgraph } from './sharded-subgraph.js';
import { resolveSubgraphs } from './subgraphs/load.js';
import { OrdinarySubgraphDataSource } from './subgraphs/ordinary-data-source.js';
import { shardKeys, type SubgraphList } from './subgraphs/subgraph-list.js';
import { shardSettings } from './subgraphs/shard-settings.js';
import { createResponseCache, type ResponseCache } from './cache/response-cache.js';
import { createLastKnown, keepOverviewWarm, type LastKnown } from './last-known/index.js';
import type { LastKnownWarmer } from './last-known/warm.js';
import { countryPartsPlugin } from './last-known/parts.js';
import { pageFetchFromEnv, PageFetchPolicy, type PageFetchOptions } from './plan/page-policy.js';
import { CircuitBreakers } from './transport/breaker.js';
import type { Transport } from './transport/transport.js';
import { createWebRoutes } from './web-routes.js';
import { exportLimitsFromEnv, type ExportLimits } from './export/config.js';
import { createExportRoutes } from './export/route.js';
import { createSubscriptionRoutes, subscriptionLimitsFromEnv, type SubscriptionLimits } from './subscriptions/route.js';
import { parseTrustProxy, trustFunction } from '../platform/http/client-address.js';

export interface RunningGateway extends RunningService {
  registry: NodeRegistry;
  breakers: CircuitBreakers;
  /** Prometheus metrics (the breakers report their states through `metrics.breakerState`). */
  metrics: GatewayMetrics;
  logger: Logger;
  /** The exact response cache, null when RESPONSE_CACHE is off. */
  cache: ResponseCache | null;
  /** Last known data of offline offices, null when LAST_KNOWN or the response cache is off. */
  lastKnown: LastKnown | null;
  /** Per-client budgets, null when rate limits are off. */
  rateLimiter: RateLimiter | null;
  /** Keeps the overview's last known data current, null when LAST_KNOWN_WARM is off. */
  warmer: LastKnownWarmer | null;
}

export interface GatewayOptions {
  waitForNodesMs?: number;
  /** Replaces the HTTP transport to the country nodes (tests; the plugins still wrap it). */
  transport?: Transport;
  /** How pages are fetched from the nodes; default from PAGE_FETCH / PAGE_FETCH_MISS_RATE. */
  pageFetch?: PageFetchOptions;
  /**
   * False only in the benchmark, to measure what checking node answers costs (scenario 13a): the
   * gateway then merges whatever nodes send, as it did before issue 19. Never off in a deployment.
   */
  validateAnswers?: boolean;
  /** False only in the benchmark, to measure what each client's page costs alone (scenarios 1-3). */
  singleFlight?: boolean;
  /** Bulk export limits over those from the configuration (EXPORT_…; tests). */
  exportLimits?: Partial<ExportLimits>;
  /** Subscription limits over those from the configuration (SUBSCRIPTION…; tests). */
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** What to federate (gateway.yaml, see subgraphs/load.ts); default: those `config` names (platform/default-subgraphs.ts). */
  subgraphs?: SubgraphList;
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

/**
 * Builds and starts the gateway: composes the supergraph from the SDLs its subgraphs serve (or
 * takes a supergraph file), answers ordinary subgraphs as @apollo/gateway does and the sharded
 * one through the shard-aware data source.
 */
export async function startGateway(config: GatewayConfig, logger?: Logger | ((m: string) => void), options: GatewayOptions = {}): Promise<RunningGateway> {
  const list = options.subgraphs ?? resolveSubgraphs(defaultSubgraphs(config), process.cwd());
  const perShard = shardSettings(list.sharded?.shards ?? [], { breaker: config.breaker, cacheEnabled: config.responseCache.enabled });
  const shards = perShard.cacheNodes;
  const metrics = new GatewayMetrics({ operationNames: config.observability.metricsOperationNames }, shardKeys(list));
  const obs = createObservability('gateway', config.observability, { logger: toLogger(logger), metrics });
  const log = logFunction(obs.logger);
  const registry = new NodeRegistry(list, config, log);
  const cache = config.responseCache.enabled || shards.some((s) => s.cached) ? createResponseCache(config.responseCache, shards, metrics, log) : null;
  // Last known data is dated by the response cache's version streams: without them it has no version to trust.
  const lastKnown =
    cache && config.lastKnown.enabled ? createLastKnown(config.lastKnown, config.responseCache, cache.versions, cache.policies, metrics, obs.logger) : null;
  if (config.lastKnown.enabled && !cache) log('last known data: off, as the response cache (whose version streams date it) is off');
  const breakers = new CircuitBreakers(
    { ...config.breaker, perKey: perShard.perKey },
    (country) => registry.probe(country, perShard.probeTimeoutMs(country)),
    (country, status) => {
      metrics.breakerState(country, status.state);
      if (status.state !== 'closed') cache?.versions.doubt(country, `circuit ${status.state}`);
      obs.logger[status.state === 'closed' ? 'info' : 'warn'](
        { country, breaker: status.state },
        `circuit of ${country} ${status.state}${status.reason ? `: ${status.reason}` : ''}`,
      );
    },
  );
  registry.book.onNodeHealth((country, problem) => (problem ? breakers.pollFailed(country, problem) : breakers.pollSucceeded(country)));
  const pages = new PageFetchPolicy(options.pageFetch ?? pageFetchFromEnv(settingsEnv()));
  const countrySource = new ShardedSubgraph(
    registry,
    countryTransport(
      config,
      registry,
      breakers,
      options.transport,
      metrics,
      cache,
      (country, reason) => obs.logger.warn({ country }, `answer of ${country} refused: ${reason}`),
      options.validateAnswers ?? true,
      options.singleFlight ?? true,
      lastKnown,
    ),
    config.requestTimeoutMs,
    pages,
  );
  // @apollo/gateway reports anonymous usage to Apollo hourly unless told not to: a federation of
  // country offices has no business calling out (and many deployments cannot).
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    logger: obs.logger,
    supergraphSdl: async ({ update }) => {
      const supergraphSdl = await registry.waitForSupergraph(options.waitForNodesMs ?? 30000);
      registry.source.onSupergraphChange(update);
      registry.source.startPolling();
      return { supergraphSdl, cleanup: async () => registry.stop() };
    },
    buildService: ({ name, url }) => {
      if (name === list.sharded?.name) return countrySource;
      const timeoutMs = list.ordinary.find((s) => s.name === name)?.timeoutMs ?? config.writeTimeoutMs;
      return new OrdinarySubgraphDataSource({ name, url: url!, timeoutMs, answered: (n, problem) => registry.book.subgraphAnswered(n, problem) });
    },
    experimental_didResolveQueryPlan: planBudget(config.guard.cost.maxPlanFetches),
  });
  const verifier = config.auth ? createVerifier(config.auth) : null;
  // Not `exports`: compiled to CommonJS, that name would hide the module's own exports.
  const exportRoutes = createExportRoutes({
    registry,
    breakers,
    verifier,
    trust: trustFunction(config.rateLimit?.trustProxy ?? parseTrustProxy(settingsEnv().TRUST_PROXY)),
    limits: { ...exportLimitsFromEnv(settingsEnv()), ...options.exportLimits },
    scalars: NODE_SCALARS,
    log,
  });
  let ownUrl = '';
  const subscriptions = createSubscriptionRoutes({
    nodeUrls: () => [...registry.nodes.values()].map((n) => n.url),
    graphqlUrl: () => ownUrl,
    verifier,
    trust: trustFunction(config.rateLimit?.trustProxy ?? parseTrustProxy(settingsEnv().TRUST_PROXY)),
    limits: { ...subscriptionLimitsFromEnv(settingsEnv()), ...options.subscriptionLimits },
    log,
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    validateScalarsLikeTheNodes(apiSchema);
    exportRoutes.setSchema(apiSchema);
    subscriptions.setSchema(apiSchema);
  });
  const rateLimiter = config.rateLimit ? createRateLimiter(config.rateLimit, verifier, (m) => obs.logger.warn(m)) : null;
  const web = createWebRoutes(config.web, log);
  // The cache's version streams hold sockets open: a gateway that fails to start must not leave them.
  const service = await startApolloService<GatewayContext>(
    {
      gateway,
      development: config.env !== 'production',
      guard: config.guard,
      plugins: [
        reservedNamesPlugin<GatewayContext>(),
        // Node writes only: until the sharded SDL is read every mutation is guarded.
        mutationAuthPlugin<GatewayContext>(verifier, config.tokenPolicy, (fields) =>
          list.sharded ? !registry.spec || fields.some((f) => registry.spec!.mutation.has(f)) : false,
        ),
        ...(rateLimiter ? [rateLimiter.plugin] : []),
        countryPartsPlugin(() => registry.countries.map((c) => [c, cache?.versions.version(c) ?? null])),
        ...(cache
          ? [
              cache.operationPlugin(
                () => registry.countries,
                () => registry.supergraphSdl,
              ),
            ]
          : []),
      ],
      context: async ({ req }) => {
        const context = createGatewayContext(req, config.requestTimeoutMs);
        await rateLimiter?.admit(req, context);
        return context;
      },
      routes: { ...web.routes, ...exportRoutes.routes, ...subscriptions.routes, ...observabilityRoutes(obs, () => gatewayReadiness(registry.book, breakers)) },
      browserPage: web.browserPage,
      http: { cors: config.web.cors, compression: true, cacheMaxAgeSeconds: config.web.cacheMaxAgeSeconds },
      health: () => gatewayHealth(registry.book, breakers, obs.healthDetails, lastKnown ? (c) => lastKnown.health(c) : undefined),
      observability: obs,
    },
    config.port,
    config.host,
  ).catch(async (error: unknown) => {
    await cache?.close();
    await lastKnown?.close();
    await rateLimiter?.close();
    throw error;
  });
  ownUrl = service.url;
  const warmer = cache && lastKnown && config.lastKnown.warm === 'overview' ? keepOverviewWarm(cache.versions, () => ownUrl, config, log) : null;
  return {
    ...service,
    registry,
    breakers,
    metrics,
    logger: obs.logger,
    cache,
    lastKnown,
    rateLimiter,
    warmer,
    close: async () => {
      warmer?.stop();
      registry.stop();
      breakers.stop();
      await cache?.close();
      await lastKnown?.close();
      await rateLimiter?.close();
      await service.close();
    },
  };
}
