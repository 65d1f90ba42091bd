import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { CountryCodeScalar } from '../../../contract/scalars.js';
import type { RegionalContext } from '../context.js';
import { CountryFacts } from '../entities/country-facts.entity.js';

@Resolver(() => CountryFacts)
export class CountryFactsResolver {
  /** Ordered by code so the list is stable for clients and BI refreshes. */
  @Query(() => [CountryFacts])
  countries(@Ctx() ctx: RegionalContext): Promise<CountryFacts[]> {
    return ctx.ds.getRepository(CountryFacts).find({ order: { code: 'ASC' } });
  }

  @Query(() => CountryFacts, { nullable: true })
  country(@Ctx() ctx: RegionalContext, @Arg('code', () => CountryCodeScalar) code: string): Promise<CountryFacts | null> {
    return ctx.loaders.countryByCode.load(code);
  }
}
