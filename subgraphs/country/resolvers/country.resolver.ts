import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import { EventOrder, ProgrammeOrder } from '../../../shared/enums.js';
import type { CountryContext } from '../context.js';
import { EventConnection, PartnershipConnection, ProgrammeConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { EventFilter, PartnershipFilter, ProgrammeFilter } from '../inputs/filters.js';
import { emptyConnection } from '../data/page.js';
import { listEvents, listPartnerships, listProgrammes } from './lists.js';

/**
 * Country's lists on a node are that country's rows only: a node asked about another
 * country's Country entity answers empty lists (the gateway routes by code, so it never asks).
 */
@Resolver(() => CountryRef)
export class CountryResolver {
  @FieldResolver(() => ProgrammeConnection)
  programmes(
    @Root() country: CountryRef,
    @Ctx() ctx: CountryContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ProgrammeFilter, { nullable: true }) filter?: ProgrammeFilter | null,
    @Arg('orderBy', () => ProgrammeOrder, { nullable: true, defaultValue: ProgrammeOrder.START_DATE_DESC }) orderBy: ProgrammeOrder = ProgrammeOrder.START_DATE_DESC,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    if (country.code !== ctx.country) return emptyConnection();
    return listProgrammes(ctx, info, filter, orderBy, first, after);
  }

  @FieldResolver(() => EventConnection)
  events(
    @Root() country: CountryRef,
    @Ctx() ctx: CountryContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter | null,
    @Arg('orderBy', () => EventOrder, { nullable: true, defaultValue: EventOrder.START_DATE_DESC }) orderBy: EventOrder = EventOrder.START_DATE_DESC,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    if (country.code !== ctx.country) return emptyConnection();
    return listEvents(ctx, info, filter, orderBy, first, after);
  }

  @FieldResolver(() => PartnershipConnection)
  partnerships(
    @Root() country: CountryRef,
    @Ctx() ctx: CountryContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => PartnershipFilter, { nullable: true }) filter?: PartnershipFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    if (country.code !== ctx.country) return emptyConnection();
    return listPartnerships(ctx, info, filter, first, after);
  }
}
