import { environment, type Env, type Environment } from '../env-values.js';
import { guardConfig, rateLimitConfig, type GuardConfig, type RateLimitConfig } from '../guard/config.js';
import { loadObservabilityConfig, type ObservabilityConfig } from '../observability/config.js';
import { DEFAULT_NODE_PORTS, DEFAULT_GATEWAY_PORT, DEFAULT_REGIONAL_PORT } from '../ports.js';
import { loadWebConfig, type WebConfig } from '../web-config.js';
import { authConfig, tokenPolicy, type AuthConfig, type TokenPolicy } from './auth.js';
import { parseCountryNodes } from './country-nodes.js';
import { lastKnownConfig, type LastKnownConfig } from './last-known.js';
import { responseCacheConfig, type ResponseCacheConfig } from './response-cache.js';
import { parseCli, portOf, serviceSettings } from './service-inputs.js';
import { read } from './setting.js';
import { S } from './settings/index.js';

export interface GatewayConfig {
  env: Environment;
  /**
   * The file's sections that are not settings, validated by their schemas in
   * platform/config/schema.ts (GATEWAY_FILE_SECTIONS: the subgraphs of issue 21 plug in there).
   */
  fileSections: Record<string, unknown>;
  port: number;
  host: string;
  regionalUrl: string;
  /** Country code → node GraphQL URL, in configuration order. */
  countryNodes: Array<{ country: string; url: string }>;
  /** Longest a read waits for one node, in ms. */
  nodeTimeoutMs: number;
  /** Per-node read timeouts over nodeTimeoutMs (NODE_TIMEOUTS / the file's `nodeTimeouts`), in ms. */
  nodeTimeoutsMs: Record<string, number>;
  /** Longest a write waits for its node, in ms (longer than reads: a write's outcome is worth waiting for). */
  writeTimeoutMs: number;
  /** How much of one node answer the gateway reads (bytes, JSON nesting) before refusing it as COUNTRY_BAD_RESPONSE. */
  nodeAnswer: { maxBytes: number; maxDepth: number };
  /** Deadline of a whole client request, in ms; every node is told the time left. */
  requestTimeoutMs: number;
  /**
   * Circuit breaker per node: consecutive failures that open it, or a failure ratio over a window
   * with a minimum of answers; first and longest open time, probe timeout (gateway/transport/breaker.ts).
   */
  breaker: {
    failureThreshold: number;
    windowMs: number;
    minSamples: number;
    failureRatio: number;
    openMs: number;
    maxOpenMs: number;
    probeTimeoutMs: number;
  };
  /** How often node SDLs and health are re-checked, in ms. */
  pollIntervalMs: number;
  guard: GuardConfig;
  /** Null when off (the default outside production). */
  rateLimit: RateLimitConfig | null;
  /**
   * Token verification at the gateway (same settings as the nodes): used to refuse bad mutation
   * tokens before any node is asked and to rate-limit by token subject. Without JWT_SECRET or
   * JWKS_URL in production, the gateway only checks that a mutation's token is well formed.
   */
  auth: AuthConfig | null;
  /** Token lifetime policy, applied even when the gateway cannot verify signatures. */
  tokenPolicy: TokenPolicy;
  observability: ObservabilityConfig;
  /** Browser-facing settings: the IDE, CORS, cacheable GETs, development tokens. */
  web: WebConfig;
  /** Exact caching of node answers per data version (platform/config/response-cache.ts). */
  responseCache: ResponseCacheConfig;
  /** Offline offices answered from their last known data (issue 28). */
  lastKnown: LastKnownConfig;
}

/** COUNTRY_NODES when not set: every country's node on this host at its default port. */
export function defaultCountryNodes(host = '127.0.0.1'): string {
  return Object.entries(DEFAULT_NODE_PORTS)
    .map(([cc, p]) => `${cc}=http://${host}:${p}/graphql`)
    .join(',');
}

/** Gateway settings from CLI flags (`--port 4000`, `--config gateway.yaml`) over env (COUNTRY_NODES, NODE_TIMEOUT_MS, …). */
export function loadGatewayConfig(argv: string[] = [], processEnv: Env = process.env): GatewayConfig {
  const cli = parseCli(argv);
  const { env, sections } = serviceSettings('gateway', cli.config, processEnv);
  const envName = environment(env);
  const canVerify = Boolean(env.JWT_SECRET || env.JWKS_URL) || envName !== 'production';
  return {
    env: envName,
    fileSections: sections,
    port: portOf(cli.port, env, DEFAULT_GATEWAY_PORT),
    host: cli.host ?? env.HOST ?? '127.0.0.1',
    regionalUrl: env.REGIONAL_URL ?? `http://127.0.0.1:${DEFAULT_REGIONAL_PORT}/graphql`,
    countryNodes: parseCountryNodes(env.COUNTRY_NODES ?? defaultCountryNodes()),
    nodeTimeoutMs: read(env, S.NODE_TIMEOUT_MS, 3000),
    nodeTimeoutsMs: read(env, S.NODE_TIMEOUTS, {}),
    writeTimeoutMs: read(env, S.WRITE_TIMEOUT_MS, 10000),
    // Above the nodes' own NODE_MAX_RESPONSE_BYTES (20 MiB) and any depth a query within MAX_DEPTH reaches.
    nodeAnswer: {
      maxBytes: read(env, S.NODE_ANSWER_MAX_BYTES, 32 * 1024 * 1024),
      maxDepth: read(env, S.NODE_ANSWER_MAX_DEPTH, 64),
    },
    requestTimeoutMs: read(env, S.REQUEST_TIMEOUT_MS, 15000),
    pollIntervalMs: read(env, S.POLL_INTERVAL_MS, 10000),
    guard: guardConfig(env, envName, 'gateway'),
    rateLimit: rateLimitConfig(env, envName),
    auth: canVerify ? authConfig(env, envName) : null,
    tokenPolicy: tokenPolicy(env),
    observability: loadObservabilityConfig(env),
    breaker: {
      failureThreshold: read(env, S.BREAKER_FAILURES, 3),
      windowMs: read(env, S.BREAKER_WINDOW_MS, 10000),
      minSamples: read(env, S.BREAKER_MIN_SAMPLES, 20),
      failureRatio: read(env, S.BREAKER_FAILURE_RATIO, 0.5),
      openMs: read(env, S.BREAKER_OPEN_MS, 1000),
      maxOpenMs: read(env, S.BREAKER_MAX_OPEN_MS, 15000),
      probeTimeoutMs: read(env, S.BREAKER_PROBE_TIMEOUT_MS, 1000),
    },
    web: loadWebConfig(env, envName),
    responseCache: responseCacheConfig(env, envName),
    lastKnown: lastKnownConfig(env, envName),
  };
}
