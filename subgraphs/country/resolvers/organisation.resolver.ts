import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { connectionNeeds } from '../../../shared/selection.js';
import type { CountryContext } from '../context.js';
import { historyOf } from '../data/change-log/history.js';
import { Revision } from '../entities/revision.entity.js';
import { ownsId } from '../data/list.js';
import { listOrganisations } from '../data/organisations.js';
import { OrganisationConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Person } from '../entities/person.entity.js';
import { OrganisationListArgs } from '../inputs/list-args.js';
import { OwnedById, ShardedPage } from '../sharding.js';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => OrganisationConnection)
  @ShardedPage()
  organisations(@Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: OrganisationListArgs) {
    return listOrganisations(ctx, connectionNeeds(info), args);
  }

  @Query(() => Organisation, { nullable: true })
  @OwnedById()
  organisation(@Ctx() ctx: CountryContext, @Arg('id', () => ID) id: string) {
    return ownsId(ctx, id) ? ctx.loaders.organisationById.load(id) : null;
  }

  @FieldResolver(() => CountryRef)
  country(@Root() organisation: Organisation): CountryRef {
    return { code: organisation.countryCode };
  }

  @FieldResolver(() => [Partnership])
  partnerships(@Root() organisation: Organisation, @Ctx() ctx: CountryContext) {
    return ctx.loaders.partnershipsOfOrganisation.load(organisation.id);
  }

  @FieldResolver(() => [Person], { description: 'People with a role tied to this organisation.' })
  people(@Root() organisation: Organisation, @Ctx() ctx: CountryContext) {
    return ctx.loaders.peopleOfOrganisation.load(organisation.id);
  }

  @FieldResolver(() => [Revision], { nullable: true, description: "Revisions, newest first; editors of the record's country and analysts only." })
  history(@Root() record: Organisation, @Ctx() ctx: CountryContext, @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number) {
    return historyOf(ctx, record.id, record.countryCode, first);
  }
}
