import { createHash } from 'node:crypto';
import { currentScope } from '../../platform/observability/request-scope.js';
import { keyPrefix, type ResponseStore } from '../cache/store.js';
import type { VersionSource } from '../cache/versions.js';
import { hasAuthorization, type NodeFailure, type TransportPlugin } from './transport.js';

export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/** Failures that say the node may have changed unseen (not a refusal, nor the client's spent budget). */
const DOUBTFUL = new Set<NodeFailure['kind']>(['unreachable', 'timeout', 'bad-answer', 'outage']);

/** The key of one sub-request: node, its data-version stamp, and a digest of the sub-operation and its variables. */
export function cacheKey(country: string, stamp: string, query: string, variables: Record<string, unknown> | undefined): string {
  const digest = createHash('sha256')
    .update(query)
    .update('\0')
    .update(JSON.stringify(variables ?? null))
    .digest('base64url');
  return `${keyPrefix(country)}${stamp}:${digest}`;
}

/**
 * Exact response caching of node sub-requests. An answer is reused only while the node's data
 * version is the one it was fetched at, so a hit is what the node would answer now (as far as
 * the gateway has been told: writes arrive over the version stream within milliseconds).
 * The stamp is taken before sending, so an answer that raced a write is filed under the older
 * version and never served after the newer one is known. Never cached: mutations, anything
 * sent with an Authorization header (an answer may depend on who asks), answers with errors or
 * without data, failures. A failure that hints the node changed unseen puts it in doubt.
 * A node `cacheable` refuses (gateway.yaml `cache: { enabled: false }` on its shard) is always asked.
 */
export function responseCache(
  store: ResponseStore,
  versions: VersionSource,
  record: (country: string, outcome: CacheOutcome) => void = () => {},
  cacheable: (country: string) => boolean = () => true,
): TransportPlugin {
  return (next) => ({
    async send(country, request) {
      if (request.operation !== 'query' || hasAuthorization(request.headers) || !cacheable(country)) {
        record(country, 'bypass');
        const answer = await next.send(country, request);
        if (request.operation === 'mutation') versions.wrote(country);
        return answer;
      }
      const stamp = versions.stamp(country);
      if (stamp === null) {
        record(country, 'bypass');
        return next.send(country, request);
      }
      const key = cacheKey(country, stamp, request.query, request.variables);
      const cached = await store.get(key);
      if (cached !== undefined) {
        record(country, 'hit');
        markCached(country);
        // A fresh copy per request: the merge downstream may change the objects it is given.
        return { country, response: JSON.parse(cached) };
      }
      record(country, 'miss');
      const answer = await next.send(country, request);
      if (answer.failure) {
        if (DOUBTFUL.has(answer.failure.kind)) versions.doubt(country, answer.failure.reason);
        return answer;
      }
      const { response } = answer;
      // Asked again: the answer itself may have declared the office \`no-store\`.
      if (response.data && !response.errors?.length && cacheable(country) && versions.stamp(country) === stamp) store.set(key, JSON.stringify(response));
      return answer;
    },
  });
}

/** The access line says what the cache answered (a hit asks no node, so `countries` omits it). */
export function markCached(what: string): void {
  const scope = currentScope();
  if (scope) (scope.cached ??= new Set()).add(what);
}
