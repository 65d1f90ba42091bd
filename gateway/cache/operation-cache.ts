import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import { markCached } from '../transport/cache.js';
import { servedStale } from '../last-known/scope.js';
import { keyPrefix, type ResponseStore } from './store.js';
import type { VersionSource } from './versions.js';

/** Store keys of whole answers start with this; an entry depends on every node, so any node's doubt drops them all. */
export const WHOLE_ANSWERS = 'ALL';

export interface OperationCacheSources {
  versions: VersionSource;
  /** Configured countries: a whole answer is keyed by all their stamps. */
  countries(): string[];
  /** Changes whenever the supergraph is recomposed: the same query may then be answered differently. */
  schemaId(): string | null;
  /** False for an office that declared `no-store`: no whole answer is kept while it does. */
  mayCache?(country: string): boolean;
}

/**
 * The second layer of the exact cache: whole client answers of queries that only the country
 * nodes answered, keyed by the query, its variables, the schema and the data-version stamp of
 * every country node. A hit skips planning, fan-out and merge, which on a cross-country page
 * cost the gateway more than the nodes' own work; the node layer (gateway/transport/cache.ts)
 * still serves the parts of answers this layer cannot (a node in doubt, another query over the
 * same pages). Same rules: never with an Authorization header, never a mutation, never an answer
 * with errors (a partial answer is one), never one that touched an ordinary subgraph (it has no
 * data version), and stamps are taken before execution and must be unchanged after it.
 */
export function operationCachePlugin(
  store: ResponseStore,
  sources: OperationCacheSources,
  record: (outcome: 'hit' | 'miss' | 'bypass') => void = () => {},
): ApolloServerPlugin<GatewayContext> {
  const stampsNow = (): string | null => {
    const schema = sources.schemaId();
    if (!schema) return null;
    const parts = [schema];
    for (const country of sources.countries()) {
      if (sources.mayCache && !sources.mayCache(country)) return null;
      const stamp = sources.versions.stamp(country);
      if (stamp === null) return null;
      parts.push(`${country}=${stamp}`);
    }
    return parts.join(',');
  };
  return {
    async requestDidStart({ contextValue }) {
      if (Object.keys(contextValue.forward ?? {}).some((h) => h.toLowerCase() === 'authorization')) return;
      let key: string | null = null;
      let stamps: string | null = null;
      let served = false;
      return {
        async responseForOperation({ operation, request, source, response }) {
          if (operation.operation !== 'query') return null;
          stamps = stampsNow();
          if (stamps === null) {
            record('bypass');
            return null;
          }
          const digest = createHash('sha256')
            .update(stamps)
            .update('\0')
            .update(source)
            .update('\0')
            .update(request.operationName ?? '')
            .update('\0')
            .update(JSON.stringify(request.variables ?? null))
            .digest('base64url');
          key = `${keyPrefix(WHOLE_ANSWERS)}${digest}`;
          const cached = await store.get(key);
          if (cached === undefined) {
            record('miss');
            return null;
          }
          record('hit');
          markCached(WHOLE_ANSWERS);
          served = true;
          return { http: response.http, body: { kind: 'single', singleResult: JSON.parse(cached) } };
        },
        async willSendResponse({ response, contextValue: context }) {
          if (served || key === null || context.ordinaryFetched) return;
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          // A part stood in for by last known data is never kept (it carries its error too; said twice on purpose).
          if (!data || errors?.length || servedStale() || stampsNow() !== stamps) return;
          store.set(key, JSON.stringify({ data }));
        },
      };
    },
  };
}
