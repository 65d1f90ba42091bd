import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badInput } from '../../../contract/errors.js';
import type { CountryContext } from '../context.js';
import { personReach } from '../data/people.js';
import { PersonReach } from '../entities/person-reach.js';
import { PersonFilter } from '../inputs/filters.js';
import { ShardedGroupMerge } from '../sharding.js';

@Resolver()
export class PersonReachResolver {
  /**
   * People grouped by globalRef, as organisationReach groups organisations: a node holds one
   * country, so on its own it answers only minCountries ≤ 1; the gateway merges groups first.
   */
  @Query(() => [PersonReach], {
    description: 'People recorded by at least `minCountries` country offices (same globalRef), ordered by globalRef.',
  })
  @ShardedGroupMerge('globalRef', 'countries', 'minCountries')
  async personReach(
    @Ctx() ctx: CountryContext,
    @Arg('minCountries', () => Int, { nullable: true, defaultValue: 2 }) minCountries = 2,
    @Arg('filter', () => PersonFilter, { nullable: true }) filter?: PersonFilter | null,
  ): Promise<PersonReach[]> {
    if (!Number.isInteger(minCountries) || minCountries < 1) throw badInput('minCountries must be at least 1', 'minCountries');
    return minCountries > 1 ? [] : personReach(ctx, filter);
  }
}
