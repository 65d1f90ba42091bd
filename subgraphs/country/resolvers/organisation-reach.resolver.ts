import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badInput } from '../../../shared/errors.js';
import type { CountryContext } from '../context.js';
import { applyOrganisationFilter, excludesCountry } from '../data/filters.js';
import { OrganisationReach } from '../entities/organisation-reach.js';
import { Organisation } from '../entities/organisation.entity.js';
import { OrganisationFilter } from '../inputs/filters.js';

@Resolver()
export class OrganisationReachResolver {
  /**
   * Organisations grouped by globalRef. A node holds one country, so on its own it only
   * answers minCountries ≤ 1; through the gateway groups are merged across nodes first.
   */
  @Query(() => [OrganisationReach], { description: 'Organisations recorded by at least `minCountries` country offices (same globalRef), ordered by globalRef.' })
  async organisationReach(
    @Ctx() ctx: CountryContext,
    @Arg('minCountries', () => Int, { nullable: true, defaultValue: 2 }) minCountries = 2,
    @Arg('filter', () => OrganisationFilter, { nullable: true }) filter?: OrganisationFilter | null,
  ): Promise<OrganisationReach[]> {
    if (!Number.isInteger(minCountries) || minCountries < 1) throw badInput('minCountries must be at least 1', 'minCountries');
    if (minCountries > 1 || excludesCountry(filter, ctx.country)) return [];
    const rows = await applyOrganisationFilter(ctx.ds.getRepository(Organisation).createQueryBuilder('o'), filter)
      .andWhere('o.global_ref IS NOT NULL')
      .orderBy('o.global_ref', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    const groups = new Map<string, OrganisationReach>();
    for (const row of rows) {
      const group = groups.get(row.globalRef!) ?? { globalRef: row.globalRef!, countries: [ctx.country], organisations: [] };
      group.organisations.push(row);
      groups.set(row.globalRef!, group);
    }
    return [...groups.values()];
  }
}
