import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../platform/federation.js';
import { LocalizedTextResolver } from '../../contract/localized-text.js';
import type { RegionalContext } from './context.js';
import { ConventionResolver } from './resolvers/convention.resolver.js';
import { CountryFactsResolver } from './resolvers/country.resolver.js';
import { Convention } from './entities/convention.entity.js';
import { CountryFacts } from './entities/country-facts.entity.js';

/**
 * Entities the gateway asks for by key: Country from a country node's `Event.country`,
 * Convention from `Programme.conventions`, batched per request through the loaders. A key the
 * regional data does not know yet (a new country's node before its facts are added, a
 * convention missing from the catalogue) resolves to the key with null facts: a null entity
 * would bubble up through every non-null reference to it and wipe the regional view.
 */
const referenceResolvers = {
  Country: {
    __resolveReference: async (ref: { code: string }, ctx: RegionalContext): Promise<CountryFacts> =>
      (await ctx.loaders.countryByCode.load(ref.code)) ??
      Object.assign(new CountryFacts(), {
        code: ref.code,
        name: null,
        iloMemberSince: null,
        ratifiedConventions: null,
        ratificationsAsOf: null,
        iloOffice: null,
        sources: [],
      }),
  },
  Convention: {
    __resolveReference: async (ref: { number: number }, ctx: RegionalContext): Promise<Convention> =>
      (await ctx.loaders.conventionByNumber.load(Number(ref.number))) ??
      Object.assign(new Convention(), { number: Number(ref.number), code: `C${String(ref.number).padStart(3, '0')}`, title: null, category: null }),
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
