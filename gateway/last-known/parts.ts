import type { ApolloServerPlugin } from '@apollo/server';
import { currentScope } from '../../platform/observability/request-scope.js';
import type { GatewayContext } from '../context.js';
import { WHOLE_ANSWERS } from '../cache/operation-cache.js';

/**
 * Adds `extensions.countries: [{country, status, dataVersion, asOf}]` to every answer that asked
 * country nodes. A whole answer from the response cache asked none: it is keyed by every
 * configured country's current data version, so each of them is FRESH at that version.
 */
export function countryPartsPlugin(wholeAnswerVersions: () => Array<[country: string, version: number | null]>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const scope = currentScope();
          if (!scope || response.body.kind !== 'single') return;
          let parts = scope.countryParts;
          if (!parts?.size && scope.cached?.has(WHOLE_ANSWERS)) {
            parts = new Map(wholeAnswerVersions().map(([country, dataVersion]) => [country, { status: 'FRESH', dataVersion, asOf: null }]));
          }
          if (!parts?.size) return;
          const countries = [...parts].sort(([a], [b]) => a.localeCompare(b)).map(([country, part]) => ({ country, ...part }));
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, countries };
        },
      };
    },
  };
}
