import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { CountryContext } from '../context.js';
import { EventListArgs } from '../inputs/list-args.js';
import { EventConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Event } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Programme } from '../entities/programme.entity.js';
import { listEvents, ownsId } from './lists.js';

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection)
  events(@Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: EventListArgs) {
    return listEvents(ctx, info, args);
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
