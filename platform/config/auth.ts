import { ConfigError, type Env, type Environment } from '../env-values.js';
import { DEV_JWT_SECRET } from '../web-config.js';
import { read } from './setting.js';
import { S } from './settings/index.js';

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

export type TokenPolicy = Pick<AuthConfig, 'maxLifetimeSeconds' | 'clockSkewSeconds'>;

/** The token lifetime policy alone: the gateway applies it even when it cannot verify signatures. */
export function tokenPolicy(env: Env): TokenPolicy {
  return {
    maxLifetimeSeconds: read(env, S.JWT_MAX_LIFETIME, DEFAULT_TOKEN_POLICY.maxLifetimeSeconds),
    clockSkewSeconds: read(env, S.JWT_CLOCK_SKEW, DEFAULT_TOKEN_POLICY.clockSkewSeconds),
  };
}

/** Token verification settings; outside production, without a secret or JWKS, the development secret. */
export function authConfig(env: Env, envName: Environment): AuthConfig {
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
