import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badInput } from '../../../contract/errors.js';
import type { CountryContext } from '../context.js';
import { organisationReach } from '../data/organisations.js';
import { OrganisationReach } from '../entities/organisation-reach.js';
import { OrganisationFilter } from '../inputs/filters.js';
import { ShardedGroupMerge } from '../sharding.js';

@Resolver()
export class OrganisationReachResolver {
  /**
   * Organisations grouped by globalRef. A node holds one country, so on its own it only
   * answers minCountries ≤ 1; through the gateway groups are merged across nodes first.
   */
  @Query(() => [OrganisationReach], {
    description: 'Organisations recorded by at least `minCountries` country offices (same globalRef), ordered by globalRef.',
  })
  @ShardedGroupMerge('globalRef', 'countries', 'minCountries')
  async organisationReach(
    @Ctx() ctx: CountryContext,
    @Arg('minCountries', () => Int, { nullable: true, defaultValue: 2 }) minCountries = 2,
    @Arg('filter', () => OrganisationFilter, { nullable: true }) filter?: OrganisationFilter | null,
  ): Promise<OrganisationReach[]> {
    if (!Number.isInteger(minCountries) || minCountries < 1) throw badInput('minCountries must be at least 1', 'minCountries');
    return minCountries > 1 ? [] : organisationReach(ctx, filter);
  }
}
