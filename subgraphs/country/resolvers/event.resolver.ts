import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { EventOrder } from '../../../shared/enums.js';
import type { CountryContext } from '../context.js';
import { EventConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Event } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Programme } from '../entities/programme.entity.js';
import { EventFilter } from '../inputs/filters.js';
import { listEvents, ownsId } from './lists.js';

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection)
  events(
    @Ctx() ctx: CountryContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter | null,
    @Arg('orderBy', () => EventOrder, { nullable: true, defaultValue: EventOrder.START_DATE_DESC }) orderBy: EventOrder = EventOrder.START_DATE_DESC,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return listEvents(ctx, info, filter, orderBy, first, after);
  }

  @Query(() => Event, { nullable: true })
  event(@Ctx() ctx: CountryContext, @Arg('id', () => ID) id: string) {
    return ownsId(ctx, id) ? ctx.loaders.eventById.load(id) : null;
  }

  @FieldResolver(() => CountryRef)
  country(@Root() event: Event): CountryRef {
    return { code: event.countryCode };
  }

  @FieldResolver(() => Programme, { nullable: true })
  programme(@Root() event: Event, @Ctx() ctx: CountryContext) {
    return event.programmeId ? ctx.loaders.programmeById.load(event.programmeId) : null;
  }

  @FieldResolver(() => [Organisation])
  organisers(@Root() event: Event, @Ctx() ctx: CountryContext) {
    return ctx.loaders.organisersOfEvent.load(event.id);
  }

  @FieldResolver(() => [Organisation])
  participants(@Root() event: Event, @Ctx() ctx: CountryContext) {
    return ctx.loaders.participantsOfEvent.load(event.id);
  }
}
