import { ConfigError, environment, nonNegativeInt, type Env } from '../env-values.js';

/** Logs, metrics labels and health detail; tracing is configured by the standard OTEL_* variables (see platform/observability/tracing.ts). */
export interface ObservabilityConfig {
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** `json` lines, or `pretty` (human-readable, needs the dev dependency pino-pretty; JSON when it is missing). */
  logFormat: 'json' | 'pretty';
  /** `/health` shows node URLs, schema hashes and error texts (off by default in production: they help an attacker). */
  healthDetails: boolean;
  /** Distinct GraphQL operation names kept as a metric label; later names count as `_other` (0: no operation-name metric). */
  metricsOperationNames: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** LOG_LEVEL, LOG_FORMAT, HEALTH_DETAILS, METRICS_OPERATION_NAMES. Tests are quiet unless LOG_LEVEL says otherwise. */
export function loadObservabilityConfig(env: Env = process.env): ObservabilityConfig {
  const envName = environment(env);
  const logLevel = (env.LOG_LEVEL || (envName === 'test' ? 'silent' : 'info')).toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  const logFormat = (env.LOG_FORMAT || (envName === 'development' ? 'pretty' : 'json')).toLowerCase();
  if (logFormat !== 'json' && logFormat !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);
  const details = (env.HEALTH_DETAILS || (envName === 'production' ? 'basic' : 'full')).toLowerCase();
  if (details !== 'full' && details !== 'basic') throw new ConfigError(`HEALTH_DETAILS must be full or basic, got "${env.HEALTH_DETAILS}"`);
  return {
    logLevel,
    logFormat,
    healthDetails: details === 'full',
    metricsOperationNames: nonNegativeInt(env.METRICS_OPERATION_NAMES, 50, 'METRICS_OPERATION_NAMES'),
  };
}
