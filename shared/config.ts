import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CostLimits } from './cost/limits.js';
import type { TrustProxy } from './http/client-address.js';
import { ConfigError, environment, positiveInt, seconds, type Env, type Environment } from './env-values.js';
import { loadObservabilityConfig, type ObservabilityConfig } from './observability/config.js';
import { guardConfig, rateLimitConfig } from './guard/config.js';
import { DEV_JWT_SECRET, loadWebConfig, type WebConfig } from './web-config.js';
import { responseCacheConfig, type ResponseCacheConfig } from '../gateway/cache/config.js';
import { DEFAULT_GATEWAY_PORT, DEFAULT_NODE_PORTS, DEFAULT_REGIONAL_PORT } from './ports.js';

export { ConfigError };
export { DEV_JWT_SECRET, loadWebConfig, parseCorsConfig, type CorsConfig, type WebConfig } from './web-config.js';
export { environment, isDevelopment, type Environment } from './env-values.js';
export { loadObservabilityConfig, type ObservabilityConfig } from './observability/config.js';

export { DEFAULT_GATEWAY_PORT, DEFAULT_NODE_PORTS, DEFAULT_REGIONAL_PORT };

const COUNTRY_CODE = /^[A-Z]{2}$/;

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

/** What every service checks before running an operation (see shared/guard/plugin.ts). */
export interface GuardConfig {
  cost: CostLimits;
  /** Whether `__schema`/`__type` are answered (INTROSPECTION; default on except in production). */
  introspection: boolean;
}

/** Per-client budgets at the gateway, per `windowSeconds`. */
export interface RateLimitConfig {
  requests: number;
  windowSeconds: number;
  /** Operations refused as QUERY_TOO_COMPLEX before the client is blocked for a window (0 = never). */
  refusals: number;
  /** Proxies trusted to name the client in X-Forwarded-For (TRUST_PROXY; shared/http/client-address.ts). */
  trustProxy: TrustProxy;
}

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
  port: number;
  host: string;
  regionalUrl: string;
  /** Country code → node GraphQL URL, in configuration order. */
  countryNodes: Array<{ country: string; url: string }>;
  /** Longest a read waits for one node, in ms. */
  nodeTimeoutMs: number;
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
  /** Exact caching of node answers per data version (gateway/cache/config.ts). */
  responseCache: ResponseCacheConfig;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number, got "${value}"`);
  return n;
}

function ratio(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new ConfigError(`${name} must be a number above 0 and at most 1, got "${value}"`);
  return n;
}

export function countryCode(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} is required (a country code such as KG)`);
  const code = value.toUpperCase();
  if (!COUNTRY_CODE.test(code)) throw new ConfigError(`${name} must be a two-letter country code, got "${value}"`);
  return code;
}

export type TokenPolicy = Pick<AuthConfig, 'maxLifetimeSeconds' | 'clockSkewSeconds'>;

function tokenPolicy(env: Env): TokenPolicy {
  return {
    maxLifetimeSeconds: seconds(env.JWT_MAX_LIFETIME, DEFAULT_TOKEN_POLICY.maxLifetimeSeconds, 'JWT_MAX_LIFETIME'),
    clockSkewSeconds: seconds(env.JWT_CLOCK_SKEW, DEFAULT_TOKEN_POLICY.clockSkewSeconds, 'JWT_CLOCK_SKEW'),
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

function parseCli(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      country: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
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
export function loadCountryNodeConfig(argv: string[] = [], env: Env = process.env): CountryNodeConfig {
  const cli = parseCli(argv);
  const envName = environment(env);
  const country = countryCode(cli.country ?? env.COUNTRY, 'COUNTRY (or --country)');
  const requestTimeoutMs = positiveInt(env.NODE_REQUEST_TIMEOUT_MS, 15000, 'NODE_REQUEST_TIMEOUT_MS');
  return {
    env: envName,
    country,
    port: port(cli.port ?? env.PORT, DEFAULT_NODE_PORTS[country] ?? 4100, 'PORT'),
    host: cli.host ?? env.HOST ?? '127.0.0.1',
    database: {
      url: env.DATABASE_URL || undefined,
      dataDir: path.join(dataRoot(env), country.toLowerCase()),
      name: `country_${country.toLowerCase()}`,
    },
    auth: authConfig(env, envName),
    seedOnStart: env.SEED_ON_START !== 'false',
    guard: guardConfig(env, envName, 'node'),
    observability: loadObservabilityConfig(env),
    requestTimeoutMs,
    dbConnectTimeoutMs: belowRequestTimeout(positiveInt(env.DB_CONNECT_TIMEOUT_MS, 1000, 'DB_CONNECT_TIMEOUT_MS'), 'DB_CONNECT_TIMEOUT_MS', requestTimeoutMs),
    dbReadPoolSize: positiveInt(env.DB_READ_POOL_SIZE, 10, 'DB_READ_POOL_SIZE'),
    dbWritePoolSize: positiveInt(env.DB_WRITE_POOL_SIZE, 4, 'DB_WRITE_POOL_SIZE'),
    dbLockTimeoutMs: belowRequestTimeout(positiveInt(env.DB_LOCK_TIMEOUT_MS, 2000, 'DB_LOCK_TIMEOUT_MS'), 'DB_LOCK_TIMEOUT_MS', requestTimeoutMs),
    idempotencyTtlMs: positiveInt(env.IDEMPOTENCY_TTL_MS, 24 * 3600 * 1000, 'IDEMPOTENCY_TTL_MS'),
    maxResponseBytes: positiveInt(env.NODE_MAX_RESPONSE_BYTES, 20 * 1024 * 1024, 'NODE_MAX_RESPONSE_BYTES'),
    changeLogRetentionSeconds: seconds(env.CHANGE_LOG_RETENTION, 90 * 86400, 'CHANGE_LOG_RETENTION'),
  };
}

export function loadRegionalConfig(argv: string[] = [], env: Env = process.env): RegionalConfig {
  const cli = parseCli(argv);
  const envName = environment(env);
  return {
    env: envName,
    port: port(cli.port ?? env.PORT, DEFAULT_REGIONAL_PORT, 'PORT'),
    host: cli.host ?? env.HOST ?? '127.0.0.1',
    database: {
      url: env.DATABASE_URL || undefined,
      dataDir: path.join(dataRoot(env), 'regional'),
      name: 'regional',
    },
    dbPoolSize: positiveInt(env.DB_READ_POOL_SIZE, 5, 'DB_READ_POOL_SIZE'),
    dbConnectTimeoutMs: positiveInt(env.DB_CONNECT_TIMEOUT_MS, 1000, 'DB_CONNECT_TIMEOUT_MS'),
    seedOnStart: env.SEED_ON_START !== 'false',
    guard: guardConfig(env, envName, 'node'),
    observability: loadObservabilityConfig(env),
  };
}

/** Parses `MN=http://host:4101/graphql,KG=http://…`. */
export function parseCountryNodes(value: string): Array<{ country: string; url: string }> {
  const nodes = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) throw new ConfigError(`COUNTRY_NODES entry "${part}" must look like KG=http://host:port/graphql`);
      const country = countryCode(part.slice(0, eq).trim(), 'COUNTRY_NODES country');
      const url = part.slice(eq + 1).trim();
      try {
        new URL(url);
      } catch {
        throw new ConfigError(`COUNTRY_NODES URL for ${country} is not a URL: "${url}"`);
      }
      return { country, url };
    });
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.country)) throw new ConfigError(`COUNTRY_NODES lists ${n.country} twice`);
    seen.add(n.country);
  }
  if (nodes.length === 0) throw new ConfigError('COUNTRY_NODES must list at least one node');
  return nodes;
}

export function defaultCountryNodes(host = '127.0.0.1'): string {
  return Object.entries(DEFAULT_NODE_PORTS)
    .map(([cc, p]) => `${cc}=http://${host}:${p}/graphql`)
    .join(',');
}

export function loadGatewayConfig(argv: string[] = [], env: Env = process.env): GatewayConfig {
  const cli = parseCli(argv);
  const envName = environment(env);
  const canVerify = Boolean(env.JWT_SECRET || env.JWKS_URL) || envName !== 'production';
  return {
    env: envName,
    port: port(cli.port ?? env.PORT, DEFAULT_GATEWAY_PORT, 'PORT'),
    host: cli.host ?? env.HOST ?? '127.0.0.1',
    regionalUrl: env.REGIONAL_URL ?? `http://127.0.0.1:${DEFAULT_REGIONAL_PORT}/graphql`,
    countryNodes: parseCountryNodes(env.COUNTRY_NODES ?? defaultCountryNodes()),
    nodeTimeoutMs: positiveInt(env.NODE_TIMEOUT_MS, 3000, 'NODE_TIMEOUT_MS'),
    writeTimeoutMs: positiveInt(env.WRITE_TIMEOUT_MS, 10000, 'WRITE_TIMEOUT_MS'),
    // Above the nodes' own NODE_MAX_RESPONSE_BYTES (20 MiB) and any depth a query within MAX_DEPTH reaches.
    nodeAnswer: {
      maxBytes: positiveInt(env.NODE_ANSWER_MAX_BYTES, 32 * 1024 * 1024, 'NODE_ANSWER_MAX_BYTES'),
      maxDepth: positiveInt(env.NODE_ANSWER_MAX_DEPTH, 64, 'NODE_ANSWER_MAX_DEPTH'),
    },
    requestTimeoutMs: positiveInt(env.REQUEST_TIMEOUT_MS, 15000, 'REQUEST_TIMEOUT_MS'),
    pollIntervalMs: positiveInt(env.POLL_INTERVAL_MS, 10000, 'POLL_INTERVAL_MS'),
    guard: guardConfig(env, envName, 'gateway'),
    rateLimit: rateLimitConfig(env, envName),
    auth: canVerify ? authConfig(env, envName) : null,
    tokenPolicy: tokenPolicy(env),
    observability: loadObservabilityConfig(env),
    breaker: {
      failureThreshold: positiveInt(env.BREAKER_FAILURES, 3, 'BREAKER_FAILURES'),
      windowMs: positiveInt(env.BREAKER_WINDOW_MS, 10000, 'BREAKER_WINDOW_MS'),
      minSamples: positiveInt(env.BREAKER_MIN_SAMPLES, 20, 'BREAKER_MIN_SAMPLES'),
      failureRatio: ratio(env.BREAKER_FAILURE_RATIO, 0.5, 'BREAKER_FAILURE_RATIO'),
      openMs: positiveInt(env.BREAKER_OPEN_MS, 1000, 'BREAKER_OPEN_MS'),
      maxOpenMs: positiveInt(env.BREAKER_MAX_OPEN_MS, 15000, 'BREAKER_MAX_OPEN_MS'),
      probeTimeoutMs: positiveInt(env.BREAKER_PROBE_TIMEOUT_MS, 1000, 'BREAKER_PROBE_TIMEOUT_MS'),
    },
    web: loadWebConfig(env, envName),
    responseCache: responseCacheConfig(env, envName),
  };
}
