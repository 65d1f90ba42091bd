import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../shared/federation.js';
import { LocalizedTextResolver } from '../../shared/localized-text.js';
import type { RegionalContext } from './context.js';
import { ConventionResolver } from './resolvers/convention.resolver.js';
import { CountryFactsResolver } from './resolvers/country.resolver.js';

/**
 * Entities the gateway asks for by key: Country from a country node's `Event.country`,
 * Convention from `Programme.conventions`. Batched per request through the loaders; an unknown
 * key resolves to null rather than failing the whole `_entities` list.
 */
const referenceResolvers = {
  Country: { __resolveReference: (ref: { code: string }, ctx: RegionalContext) => ctx.loaders.countryByCode.load(ref.code) },
  Convention: {
    __resolveReference: (ref: { number: number }, ctx: RegionalContext) => ctx.loaders.conventionByNumber.load(Number(ref.number)),
  },
};

let cached: Promise<{ schema: GraphQLSchema; typeDefs: string }> | undefined;

/** The regional subgraph schema; configuration-free, so built once per process. */
export function regionalSchema(): Promise<{ schema: GraphQLSchema; typeDefs: string }> {
  cached ??= buildFederatedSchema(
    { resolvers: [CountryFactsResolver, ConventionResolver, LocalizedTextResolver], validate: false },
    referenceResolvers as never,
  );
  return cached;
}
