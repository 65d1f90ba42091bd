import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../platform/federation.js';
import { LocalizedTextResolver } from '../../contract/localized-text.js';
import type { CountryContext } from './context.js';
import { CountryRef } from './entities/country.type.js';
import { ownsId } from './data/list.js';
import { SHARD_DIRECTIVES } from '../../contract/sharding.js';
import { CountryResolver } from './resolvers/country.resolver.js';
import { EventResolver } from './resolvers/event.resolver.js';
import { OrganisationResolver } from './resolvers/organisation.resolver.js';
import { PartnershipResolver } from './resolvers/partnership.resolver.js';
import { PersonResolver } from './resolvers/person.resolver.js';
import { PersonRoleResolver } from './resolvers/person-role.resolver.js';
import { ProgrammeResolver } from './resolvers/programme.resolver.js';
import { StatsResolver } from './resolvers/stats.resolver.js';
import { OrganisationReachResolver } from './resolvers/organisation-reach.resolver.js';
import { PersonReachResolver } from './resolvers/person-reach.resolver.js';
import { MUTATION_RESOLVERS } from './resolvers/mutations.js';
import { ChangeResolver } from './resolvers/change.resolver.js';
import { NodeResolver } from './resolvers/node.resolver.js';
import { unboundedWriteFields } from './inputs/write-limits.js';

/** Keyed types resolve only ids of this node's country; the gateway never sends others. */
const referenceResolvers = {
  Programme: { __resolveReference: (ref: { id: string }, ctx: CountryContext) => (ownsId(ctx, ref.id) ? ctx.loaders.programmeById.load(ref.id) : null) },
  Event: { __resolveReference: (ref: { id: string }, ctx: CountryContext) => (ownsId(ctx, ref.id) ? ctx.loaders.eventById.load(ref.id) : null) },
  Partnership: { __resolveReference: (ref: { id: string }, ctx: CountryContext) => (ownsId(ctx, ref.id) ? ctx.loaders.partnershipById.load(ref.id) : null) },
  Organisation: { __resolveReference: (ref: { id: string }, ctx: CountryContext) => (ownsId(ctx, ref.id) ? ctx.loaders.organisationById.load(ref.id) : null) },
  Person: { __resolveReference: (ref: { id: string }, ctx: CountryContext) => (ownsId(ctx, ref.id) ? ctx.loaders.personById.load(ref.id) : null) },
  Country: { __resolveReference: (ref: { code: string }): CountryRef => ({ code: ref.code }) },
};

let cached: Promise<{ schema: GraphQLSchema; typeDefs: string }> | undefined;

/**
 * The country subgraph schema. It depends on no configuration, so every node (whatever its
 * country) serves byte-identical SDL; built once per process. Refused when a mutation argument
 * has no write limit.
 */
export function countrySchema(): Promise<{ schema: GraphQLSchema; typeDefs: string }> {
  cached ??= buildFederatedSchema(
    {
      resolvers: [
        EventResolver,
        ProgrammeResolver,
        OrganisationResolver,
        PartnershipResolver,
        PersonResolver,
        PersonRoleResolver,
        CountryResolver,
        StatsResolver,
        OrganisationReachResolver,
        PersonReachResolver,
        NodeResolver,
        ChangeResolver,
        LocalizedTextResolver,
        ...MUTATION_RESOLVERS,
      ],
      orphanedTypes: [CountryRef],
      // How each field is answered across the country nodes, declared for the gateway (sharding.ts).
      directives: SHARD_DIRECTIVES,
      validate: false,
    },
    referenceResolvers as never,
  ).then((built) => {
    const unbounded = unboundedWriteFields(built.schema);
    if (unbounded.length) throw new Error(`No write limit for ${unbounded.join(', ')}: add one in subgraphs/country/inputs/write-limits.ts`);
    return built;
  });
  return cached;
}
