// The services' configuration: each service loads its own here (the country node and the regional
// subgraph below, the gateway in config/gateway-config.ts), and everything else imports its types
// and the shared readers from this one module.
import path from 'node:path';
import { ConfigError, environment, type Env, type Environment } from './env-values.js';
import { authConfig, type AuthConfig } from './config/auth.js';
import { countryCode } from './config/country-nodes.js';
import { lastKnownNodeConfig, type LastKnownNodeConfig } from './config/last-known.js';
import { dataRoot, parseCli, portOf, serviceSettings } from './config/service-inputs.js';
import { read } from './config/setting.js';
import { S } from './config/settings/index.js';
import { loadObservabilityConfig, type ObservabilityConfig } from './observability/config.js';
import { guardConfig, type GuardConfig } from './guard/config.js';
import { DEFAULT_NODE_PORTS, DEFAULT_REGIONAL_PORT } from './ports.js';

export { ConfigError };
export type { GuardConfig, RateLimitConfig } from './guard/config.js';
export { DEV_JWT_SECRET, loadWebConfig, parseCorsConfig, type CorsConfig, type WebConfig } from './web-config.js';
export { environment, isDevelopment, type Environment } from './env-values.js';
export { loadObservabilityConfig, type ObservabilityConfig } from './observability/config.js';
export { DEFAULT_GATEWAY_PORT, DEFAULT_NODE_PORTS, DEFAULT_REGIONAL_PORT } from './ports.js';
export { countryCode, parseCountryNodes } from './config/country-nodes.js';
export { DEFAULT_TOKEN_POLICY, type AuthConfig, type TokenPolicy } from './config/auth.js';
export { dataRoot } from './config/service-inputs.js';
export { defaultCountryNodes, loadGatewayConfig, type GatewayConfig } from './config/gateway-config.js';

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
  /** Queries run compiled by graphql-jit (platform/compiled-execution.ts) instead of graphql-js. */
  compiledExecution: boolean;
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

/** A wait that must end before the request's own deadline, or its own error code would never be seen. */
function belowRequestTimeout(value: number, name: string, requestTimeoutMs: number): number {
  if (value >= requestTimeoutMs) throw new ConfigError(`${name} (${value}) must be below NODE_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  return value;
}

/** Country node settings from CLI flags (`--country KG --port 4102`) over env (COUNTRY, PORT, DATABASE_URL, …). */
export function loadCountryNodeConfig(argv: string[] = [], processEnv: Env = process.env): CountryNodeConfig {
  const cli = parseCli(argv);
  const { env } = serviceSettings('node', cli.config, processEnv);
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
    compiledExecution: read(env, S.NODE_COMPILED_EXECUTION, true),
  };
}

/** Regional subgraph settings from CLI flags (`--port`, `--config`) over env (PORT, DATABASE_URL, …). */
export function loadRegionalConfig(argv: string[] = [], processEnv: Env = process.env): RegionalConfig {
  const cli = parseCli(argv);
  const { env } = serviceSettings('regional', cli.config, processEnv);
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
