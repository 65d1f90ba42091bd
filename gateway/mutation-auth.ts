import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { tokenPolicyViolation, type Verifier } from '../shared/auth.js';
import type { TokenPolicy } from '../shared/config.js';
import { ErrorCode } from '../shared/errors.js';

function refused(reason: string): GraphQLError {
  return new GraphQLError(`Mutations need a valid bearer token: ${reason}`, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
  });
}

/**
 * Why a mutation's Authorization header cannot be an editor's token, or null. With verification
 * settings the token is verified as the nodes will; without them (production gateway without
 * JWT_SECRET/JWKS_URL) it must at least be a JWT within the expiry policy.
 */
export async function mutationTokenProblem(authorization: string | undefined, verifier: Verifier | null, policy: TokenPolicy): Promise<string | null> {
  if (!authorization) return 'no Authorization header';
  const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(authorization.trim());
  const token = match?.[1];
  if (!token) return 'the Authorization header is not "Bearer <JWT>"';
  if (verifier) {
    const principal = await verifier.principalFrom(authorization);
    return principal.kind === 'invalid' ? principal.reason : null;
  }
  try {
    decodeProtectedHeader(token);
    const payload = decodeJwt(token);
    if (typeof payload.exp === 'number' && payload.exp < Date.now() / 1000 - policy.clockSkewSeconds) return 'token expired';
    return tokenPolicyViolation(payload, policy);
  } catch {
    return 'the bearer token is not a JWT';
  }
}

/**
 * Refuses a mutation without a usable bearer token before the query planner runs, so no node
 * is asked (1,000 aliased deletes without a token used to be 1,000 node requests). Each node
 * still verifies the token and the editor's country itself.
 */
export function mutationAuthPlugin<TContext extends object>(verifier: Verifier | null, policy: TokenPolicy): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation?.operation !== 'mutation') return;
          const problem = await mutationTokenProblem(request.http?.headers.get('authorization'), verifier, policy);
          if (problem) throw refused(problem);
        },
      };
    },
  };
}
