import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { EventOrder } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { historyOf } from '../data/change-log/history.js';
import { Revision } from '../entities/revision.entity.js';
import { ownsId, pageNeeds } from '../data/list.js';
import { listEventsOfOrganisation } from '../data/events.js';
import { listOrganisations } from '../data/organisations.js';
import { EventConnection, OrganisationConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Person } from '../entities/person.entity.js';
import { EventListArgs, OrganisationListArgs } from '../inputs/list-args.js';
import { OwnedById, ShardedPage } from '../sharding.js';
import { EXPORTED } from '../export/lists.js';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => OrganisationConnection)
  @ShardedPage([], EXPORTED.organisations)
  organisations(@Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: OrganisationListArgs) {
    return listOrganisations(ctx, pageNeeds(info), args);
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

  // One organisation lives on one node, so its events are that node's page; the declaration tells
  // the gateway the field is a page (an unavailable node's organisation gets an empty one).
  @FieldResolver(() => EventConnection, { description: 'Events this organisation organised or took part in (same country node).' })
  @ShardedPage(Object.values(EventOrder))
  events(@Root() organisation: Organisation, @Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: EventListArgs) {
    return listEventsOfOrganisation(ctx, pageNeeds(info), organisation.id, args);
  }

  @FieldResolver(() => Organisation, {
    nullable: true,
    description: 'The organisation this one is a unit of (an agency of its ministry), as the sources state it.',
  })
  parent(@Root() organisation: Organisation, @Ctx() ctx: CountryContext) {
    return organisation.parentId ? ctx.loaders.organisationById.load(organisation.parentId) : null;
  }

  @FieldResolver(() => [Organisation], { description: 'Organisations that are units of this one, ordered by id.' })
  units(@Root() organisation: Organisation, @Ctx() ctx: CountryContext) {
    return ctx.loaders.unitsOfOrganisation.load(organisation.id);
  }

  @FieldResolver(() => [Revision], { nullable: true, description: "Revisions, newest first; editors of the record's country and analysts only." })
  history(@Root() record: Organisation, @Ctx() ctx: CountryContext, @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number) {
    return historyOf(ctx, record.id, record.countryCode, first);
  }
}
