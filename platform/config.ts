import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, environment, type Env, type Environment } from './env-values.js';
import { countryCode, parseCountryNodes } from './config/country-nodes.js';
import { publishSettings } from './config/current.js';
import { loadSettings, type LoadedSettings } from './config/load.js';
import { read } from './config/setting.js';
import { S } from './config/settings/index.js';
import type { Service } from './config/setting.js';
import { loadObservabilityConfig, type ObservabilityConfig } from './observability/config.js';
import { guardConfig, rateLimitConfig, type GuardConfig, type RateLimitConfig } from './guard/config.js';
export type { GuardConfig, RateLimitConfig } from './guard/config.js';
import { DEV_JWT_SECRET, loadWebConfig, type WebConfig } from './web-config.js';
import { responseCacheConfig, type ResponseCacheConfig } from './config/response-cache.js';
import { lastKnownConfig, lastKnownNodeConfig, type LastKnownConfig, type LastKnownNodeConfig } from './config/last-known.js';
import { DEFAULT_GATEWAY_PORT, DEFAULT_NODE_PORTS, DEFAULT_REGIONAL_PORT } from './ports.js';

export { ConfigError };
export { DEV_JWT_SECRET, loadWebConfig, parseCorsConfig, type CorsConfig, type WebConfig } from './web-config.js';
export { environment, isDevelopment, type Environment } from './env-values.js';
export { loadObservabilityConfig, type ObservabilityConfig } from './observability/config.js';

export { DEFAULT_GATEWAY_PORT, DEFAULT_NODE_PORTS, DEFAULT_REGIONAL_PORT };
export { countryCode, parseCountryNodes };

export interface AuthConfig {
  /** HS256 shared secret. */
  jwtSecret?: string;
  /** JWKS endpoint for asymmetric keys; takes precedence over the secret when both are set. */
  jwksUrl?: string;
  /** Expected `iss` claim, checked when set. */
  issuer?: string;
  /** Expected `aud` claim, checked when set. */
  audience?: string;
  /** Longest accepted token lifetime (`exp` − `iat`), in seconds; `exp` is always required. */
  maxLifetimeSeconds: number;
  /** Clock difference tolerated when checking `exp`, `nbf` and `iat`, in seconds. */
  clockSkewSeconds: number;
}

/** Token lifetime policy when no verification settings are given (the gateway's well-formedness check). */
export const DEFAULT_TOKEN_POLICY = { maxLifetimeSeconds: 12 * 3600, clockSkewSeconds: 60 };

/** Where a service keeps its data: an external server, or an embedded one under `dataDir`. */
export interface DatabaseConfig {
  /** External PostgreSQL (`postgres://…`). When absent an embedded server is started. */
  url?: string;
  /** Folder of the embedded cluster, e.g. `.data/kg`. */
  dataDir: string;
  /** Database name inside the cluster. */
  name: string;
  /** The setting `url` came from, named in start-up errors (default DATABASE_URL). */
  urlSetting?: string;
}

export interface CountryNodeConfig {
  env: Environment;
  country: string;
  port: number;
  host: string;
  database: DatabaseConfig;
  auth: AuthConfig;
  /** Seed an empty database from the checked-in seed file on start. */
  seedOnStart: boolean;
  guard: GuardConfig;
  observability: ObservabilityConfig;
  /** Longest a request may take when the caller sends no deadline (or a longer one), in ms. */
  requestTimeoutMs: number;
  /**
   * Longest to wait for a database connection, in ms: for a free one when the pool is full
   * (DATABASE_BUSY after), or for a new one to open (DATABASE_UNAVAILABLE after). Below
   * requestTimeoutMs, so a request that cannot get a connection says so before its deadline.
   */
  dbConnectTimeoutMs: number;
  /** Connections for reads; writes never take one of these, so reads never queue behind writes. */
  dbReadPoolSize: number;
  /** Connections for writes (each write holds one for its transaction). */
  dbWritePoolSize: number;
  /** Longest a write waits for a lock another transaction holds, in ms (RECORD_LOCKED after); below requestTimeoutMs. */
  dbLockTimeoutMs: number;
  /** How long a write's Idempotency-Key is remembered, in ms. */
  idempotencyTtlMs: number;
  /** Largest answer the node sends, in bytes. */
  maxResponseBytes: number;
  /** How long a deleted record's tombstone (and history) stays in the change log, in seconds (CHANGE_LOG_RETENTION). */
  changeLogRetentionSeconds: number;
  /** What this office lets the gateway keep and serve while it is unreachable (published on every answer). */
  lastKnown: LastKnownNodeConfig;
}

export interface RegionalConfig {
  env: Environment;
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Connections (the regional subgraph only reads). */
  dbPoolSize: number;
  /** As CountryNodeConfig.dbConnectTimeoutMs. */
  dbConnectTimeoutMs: number;
  seedOnStart: boolean;
  guard: GuardConfig;
  observability: ObservabilityConfig;
}

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

export type TokenPolicy = Pick<AuthConfig, 'maxLifetimeSeconds' | 'clockSkewSeconds'>;

function tokenPolicy(env: Env): TokenPolicy {
  return {
    maxLifetimeSeconds: read(env, S.JWT_MAX_LIFETIME, DEFAULT_TOKEN_POLICY.maxLifetimeSeconds),
    clockSkewSeconds: read(env, S.JWT_CLOCK_SKEW, DEFAULT_TOKEN_POLICY.clockSkewSeconds),
  };
}

function authConfig(env: Env, envName: Environment): AuthConfig {
  const auth: AuthConfig = {
    jwtSecret: env.JWT_SECRET || undefined,
    jwksUrl: env.JWKS_URL || undefined,
    issuer: env.JWT_ISSUER || undefined,
    audience: env.JWT_AUDIENCE || undefined,
    ...tokenPolicy(env),
  };
  if (!auth.jwtSecret && !auth.jwksUrl) {
    if (envName === 'production') {
      throw new ConfigError('JWT_SECRET or JWKS_URL is required outside development (NODE_ENV=production)');
    }
    auth.jwtSecret = DEV_JWT_SECRET;
  }
  return auth;
}

function portOf(flag: string | undefined, env: Env, fallback: number): number {
  return flag !== undefined ? S.PORT.kind.parse(flag, '--port') : read(env, S.PORT, fallback);
}

/**
 * The service's settings from its file (`--config`) under the environment; the process's own
 * configuration (env = process.env) is also what the HTTP server and embedded PostgreSQL read.
 */
function settings(service: Service, configPath: string | undefined, env: Env): LoadedSettings {
  const loaded = loadSettings(service, env, configPath);
  if (env === process.env) publishSettings(loaded.env);
  return loaded;
}

function parseCli(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      country: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  return values;
}

export function dataRoot(env: Env = process.env): string {
  return path.resolve(env.DATA_DIR ?? '.data');
}

/** A wait that must end before the request's own deadline, or its own error code would never be seen. */
function belowRequestTimeout(value: number, name: string, requestTimeoutMs: number): number {
  if (value >= requestTimeoutMs) throw new ConfigError(`${name} (${value}) must be below NODE_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  return value;
}

/** Country node settings from CLI flags (`--country KG --port 4102`) over env (COUNTRY, PORT, DATABASE_URL, …). */
export function loadCountryNodeConfig(argv: string[] = [], processEnv: Env = process.env): CountryNodeConfig {
  const cli = parseCli(argv);
  const { env } = settings('node', cli.config, processEnv);
  const envName = environment(env);
  const country = countryCode(cli.country ?? env.COUNTRY, 'COUNTRY (or --country)');
  const requestTimeoutMs = read(env, S.NODE_REQUEST_TIMEOUT_MS, 15000);
  return {
    env: envName,
    country,
    port: portOf(cli.port, env, DEFAULT_NODE_PORTS[country] ?? 4100),
    host: cli.host ?? env.HOST ?? '127.0.0.1',
    database: {
      url: env.DATABASE_URL || undefined,
      dataDir: path.join(dataRoot(env), country.toLowerCase()),
      name: `country_${country.toLowerCase()}`,
    },
    auth: authConfig(env, envName),
    seedOnStart: read(env, S.SEED_ON_START, true),
    guard: guardConfig(env, envName, 'node'),
    observability: loadObservabilityConfig(env),
    requestTimeoutMs,
    dbConnectTimeoutMs: belowRequestTimeout(read(env, S.DB_CONNECT_TIMEOUT_MS, 1000), 'DB_CONNECT_TIMEOUT_MS', requestTimeoutMs),
    dbReadPoolSize: read(env, S.DB_READ_POOL_SIZE, 10),
    dbWritePoolSize: read(env, S.DB_WRITE_POOL_SIZE, 4),
    dbLockTimeoutMs: belowRequestTimeout(read(env, S.DB_LOCK_TIMEOUT_MS, 2000), 'DB_LOCK_TIMEOUT_MS', requestTimeoutMs),
    idempotencyTtlMs: read(env, S.IDEMPOTENCY_TTL_MS, 24 * 3600 * 1000),
    maxResponseBytes: read(env, S.NODE_MAX_RESPONSE_BYTES, 20 * 1024 * 1024),
    changeLogRetentionSeconds: read(env, S.CHANGE_LOG_RETENTION, 90 * 86400),
    lastKnown: lastKnownNodeConfig(env),
  };
}

export function loadRegionalConfig(argv: string[] = [], processEnv: Env = process.env): RegionalConfig {
  const cli = parseCli(argv);
  const { env } = settings('regional', cli.config, processEnv);
  const envName = environment(env);
  return {
    env: envName,
    port: portOf(cli.port, env, DEFAULT_REGIONAL_PORT),
    host: cli.host ?? env.HOST ?? '127.0.0.1',
    database: {
      url: env.DATABASE_URL || undefined,
      dataDir: path.join(dataRoot(env), 'regional'),
      name: 'regional',
    },
    dbPoolSize: read(env, S.DB_READ_POOL_SIZE, 5),
    dbConnectTimeoutMs: read(env, S.DB_CONNECT_TIMEOUT_MS, 1000),
    seedOnStart: read(env, S.SEED_ON_START, true),
    guard: guardConfig(env, envName, 'node'),
    observability: loadObservabilityConfig(env),
  };
}

export function defaultCountryNodes(host = '127.0.0.1'): string {
  return Object.entries(DEFAULT_NODE_PORTS)
    .map(([cc, p]) => `${cc}=http://${host}:${p}/graphql`)
    .join(',');
}

export function loadGatewayConfig(argv: string[] = [], processEnv: Env = process.env): GatewayConfig {
  const cli = parseCli(argv);
  const { env, sections } = settings('gateway', cli.config, processEnv);
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
    lastKnown: lastKnownConfig(env),
  };
}
