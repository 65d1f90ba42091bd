import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { tokenPolicyViolation, type Verifier } from '../platform/auth.js';
import type { TokenPolicy } from '../platform/config.js';
import { ErrorCode } from '../contract/errors.js';

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

/** The root fields a selection asks for, through inline fragments and named ones. */
export function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFieldNames(selection.selectionSet, document, seen);
    if (seen.has(selection.name.value)) return [];
    seen.add(selection.name.value);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
    return fragment?.kind === Kind.FRAGMENT_DEFINITION ? rootFieldNames(fragment.selectionSet, document, seen) : [];
  });
}

/**
 * Refuses a mutation without a usable bearer token before the query planner runs, so no node
 * is asked (1,000 aliased deletes without a token used to be 1,000 node requests). Each node
 * still verifies the token and the editor's country itself. `guards` says which mutations this
 * is for (by their root fields; default all): an ordinary subgraph's mutations are its own
 * business, as with @apollo/gateway, and it verifies the forwarded token itself.
 */
export function mutationAuthPlugin<TContext extends object>(
  verifier: Verifier | null,
  policy: TokenPolicy,
  guards: (rootFields: readonly string[]) => boolean = () => true,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, document }) {
          if (operation?.operation !== 'mutation' || !guards(rootFieldNames(operation.selectionSet, document))) return;
          const problem = await mutationTokenProblem(request.http?.headers.get('authorization'), verifier, policy);
          if (problem) throw refused(problem);
        },
      };
    },
  };
}
