import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { AuthConfig } from './config.js';
import { forbidden, unauthenticated } from '../contract/errors.js';

export type Role = 'editor' | 'analyst' | 'reader';
export const ROLES: readonly Role[] = ['editor', 'analyst', 'reader'];

/** The verified caller, or `anonymous` when no token was sent. */
export type Principal = { kind: 'anonymous' } | { kind: 'user'; sub: string; role: Role; country: string | null } | { kind: 'invalid'; reason: string };

export interface Verifier {
  /** Verifies an `Authorization` header value. Never throws: a bad token becomes `invalid`. */
  principalFrom(authorization: string | undefined | null): Promise<Principal>;
}

/**
 * Token policy beyond the signature: `exp` is required (a token without one would be valid
 * forever), the lifetime `exp − iat` (or `exp − now` without `iat`) is at most
 * `maxLifetimeSeconds`, `iat` is not in the future; `nbf` and `exp` are checked by jose. Every
 * time check tolerates `clockSkewSeconds`. Returns why a verified payload is refused, or null.
 */
export function tokenPolicyViolation(
  payload: JWTPayload,
  config: Pick<AuthConfig, 'maxLifetimeSeconds' | 'clockSkewSeconds'>,
  nowSeconds = Date.now() / 1000,
): string | null {
  if (typeof payload.exp !== 'number') return 'token has no exp (expiry) claim';
  if (payload.iat !== undefined && payload.iat > nowSeconds + config.clockSkewSeconds) return 'token iat (issued at) is in the future';
  const issued = payload.iat ?? nowSeconds;
  const lifetime = payload.exp - issued;
  if (lifetime > config.maxLifetimeSeconds + config.clockSkewSeconds) {
    return `token lifetime ${Math.round(lifetime)} s exceeds the maximum of ${config.maxLifetimeSeconds} s`;
  }
  return null;
}

export function createVerifier(config: AuthConfig): Verifier {
  const jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined;
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
  const options = { issuer: config.issuer, audience: config.audience, requiredClaims: ['exp'], clockTolerance: config.clockSkewSeconds };
  return {
    async principalFrom(authorization) {
      if (!authorization) return { kind: 'anonymous' };
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) return { kind: 'invalid', reason: 'Authorization header must be "Bearer <token>"' };
      let payload: JWTPayload;
      try {
        const result = jwks ? await jwtVerify(match[1]!, jwks, options) : await jwtVerify(match[1]!, secret!, { ...options, algorithms: ['HS256'] });
        payload = result.payload;
      } catch (error) {
        return { kind: 'invalid', reason: `token rejected: ${(error as Error).message}` };
      }
      const violation = tokenPolicyViolation(payload, config);
      if (violation) return { kind: 'invalid', reason: violation };
      const role = payload.role;
      if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) {
        return { kind: 'invalid', reason: 'token must carry sub and a role of editor, analyst or reader' };
      }
      const country = typeof payload.country === 'string' ? payload.country.toUpperCase() : null;
      return { kind: 'user', sub: payload.sub, role: role as Role, country };
    },
  };
}

/** Throws UNAUTHENTICATED / FORBIDDEN unless the principal is an editor of `country`. */
export function assertEditorOf(principal: Principal, country: string): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.kind === 'invalid') throw unauthenticated(`Invalid bearer token: ${principal.reason}`);
  if (principal.role !== 'editor') throw forbidden(`Writing needs the editor role; this token has role ${principal.role}`);
  if (principal.country !== country) {
    throw forbidden(`This token is for editors of ${principal.country ?? 'no country'}; only ${country} editors may write ${country} data`);
  }
}

/** Record history (who changed what): editors of the record's country and analysts, as the contract says. */
export function assertHistoryReader(principal: Principal, country: string): void {
  if (principal.kind === 'anonymous') throw unauthenticated('A bearer token is required to read record history');
  if (principal.kind === 'invalid') throw unauthenticated(`Invalid bearer token: ${principal.reason}`);
  if (principal.role === 'analyst') return;
  if (principal.role === 'editor' && principal.country === country) return;
  throw forbidden(
    `Record history is visible to editors of ${country} and to analysts; this token is a ${principal.role} of ${principal.country ?? 'no country'}`,
  );
}

export interface MintOptions {
  secret: string;
  sub: string;
  role: Role;
  country?: string;
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

/** HS256 token for development and tests; `expiresIn` defaults to 12h, the default maximum lifetime. */
export async function mintToken(options: MintOptions): Promise<string> {
  let jwt = new SignJWT({ role: options.role, ...(options.country ? { country: options.country } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
