import { DEFAULT_COST_LIMITS, nodeCostLimits, type CostLimits } from '../cost/limits.js';
import { ConfigError, flag, nonNegativeInt, positiveInt, seconds, type Env, type Environment } from '../env-values.js';
import { parseTrustProxy, type TrustProxy } from '../http/client-address.js';

/** What every service checks before running an operation (see platform/guard/plugin.ts). */
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
  /** Proxies trusted to name the client in X-Forwarded-For (TRUST_PROXY; platform/http/client-address.ts). */
  trustProxy: TrustProxy;
  /** Redis holding the budgets, shared by every gateway pointing at it (else each process counts alone). */
  redisUrl?: string;
}

/** Environment variable of each cost limit. */
const COST_ENV: Array<[keyof CostLimits, string]> = [
  ['maxDocumentLength', 'MAX_DOCUMENT_LENGTH'],
  ['maxTokens', 'MAX_TOKENS'],
  ['maxDepth', 'MAX_DEPTH'],
  ['maxAliases', 'MAX_ALIASES'],
  ['maxDirectives', 'MAX_DIRECTIVES'],
  ['maxSelections', 'MAX_SELECTIONS'],
  ['maxRepeatedField', 'MAX_REPEATED_FIELD'],
  ['maxResultSize', 'MAX_RESULT_SIZE'],
  ['maxMutationFields', 'MAX_MUTATION_FIELDS'],
  ['maxPlanFetches', 'MAX_PLAN_FETCHES'],
  ['assumedListSize', 'ASSUMED_LIST_SIZE'],
];

/** `Type.field=N,…` over the declared defaults. */
export function listSizes(value: string | undefined, base: Record<string, number>): Record<string, number> {
  const sizes = { ...base };
  for (const part of (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z_]\w*\.[A-Za-z_]\w*)=(\d+)$/.exec(part);
    if (!match) throw new ConfigError(`LIST_SIZES entry "${part}" must look like Organisation.partnerships=50`);
    sizes[match[1]!] = Number(match[2]);
  }
  return sizes;
}

/**
 * Guard settings of a service. A node's defaults give it headroom over the gateway's for the
 * fields the gateway adds to its subgraph operations (see nodeCostLimits); a limit set in the
 * environment applies as given.
 */
export function guardConfig(env: Env, envName: Environment, role: 'gateway' | 'node'): GuardConfig {
  const defaults = role === 'node' ? nodeCostLimits(DEFAULT_COST_LIMITS) : DEFAULT_COST_LIMITS;
  const cost: CostLimits = { ...defaults, listSizes: listSizes(env.LIST_SIZES, defaults.listSizes) };
  for (const [key, name] of COST_ENV) (cost[key] as number) = positiveInt(env[name], defaults[key] as number, name);
  return { cost, introspection: flag(env.INTROSPECTION, envName !== 'production', 'INTROSPECTION') };
}

function windowSeconds(value: string | undefined): number {
  const window = seconds(value, 60, 'RATE_LIMIT_WINDOW_SECONDS');
  if (window <= 0) throw new ConfigError(`RATE_LIMIT_WINDOW_SECONDS="${value}" is not accepted: expected a duration of at least 1s`);
  return window;
}

export function rateLimitConfig(env: Env, envName: Environment): RateLimitConfig | null {
  const requests = nonNegativeInt(env.RATE_LIMIT_REQUESTS, envName === 'production' ? 600 : 0, 'RATE_LIMIT_REQUESTS');
  if (requests === 0) return null;
  return {
    requests,
    windowSeconds: windowSeconds(env.RATE_LIMIT_WINDOW_SECONDS),
    refusals: nonNegativeInt(env.RATE_LIMIT_REFUSALS, 10, 'RATE_LIMIT_REFUSALS'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    // The Redis the response cache shares unless told otherwise: one store for everything replicas share.
    redisUrl: env.RATE_LIMIT_REDIS_URL || env.RESPONSE_CACHE_REDIS_URL || undefined,
  };
}
