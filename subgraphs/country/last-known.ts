import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { formatLastKnownPolicy, LAST_KNOWN_HEADER } from '../../contract/last-known.js';
import type { LastKnownNodeConfig } from '../../platform/config/last-known.js';

/**
 * Publishes this office's last-known-data policy on every GraphQL answer: the gateway obeys the
 * policy of the latest answer it read, so a change of configuration takes effect with the next
 * answer, and a `no-store` answer is never kept, not even once.
 */
export function lastKnownPolicyPlugin<T extends BaseContext>(config: LastKnownNodeConfig): ApolloServerPlugin<T> {
  const value = formatLastKnownPolicy(config);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set(LAST_KNOWN_HEADER, value);
        },
      };
    },
  };
}
