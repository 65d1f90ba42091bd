import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { EventOrder } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { historyOf } from '../data/change-log/history.js';
import { Revision } from '../entities/revision.entity.js';
import { listEvents } from '../data/events.js';
import { ownsId, pageNeeds } from '../data/list.js';
import { EventConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Event } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Person } from '../entities/person.entity.js';
import { Programme } from '../entities/programme.entity.js';
import { EventListArgs } from '../inputs/list-args.js';
import { OwnedById, ShardedPage } from '../sharding.js';
import { EXPORTED } from '../export/lists.js';

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection)
  @ShardedPage(Object.values(EventOrder), EXPORTED.events)
  events(@Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: EventListArgs) {
    return listEvents(ctx, pageNeeds(info), args);
  }

  @Query(() => Event, { nullable: true })
  @OwnedById()
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

  @FieldResolver(() => [Organisation], {
    description: 'Organisations the sources say supported or helped the event ("organised with ILO help") without organising or taking part in it.',
  })
  supporters(@Root() event: Event, @Ctx() ctx: CountryContext) {
    return ctx.loaders.supportersOfEvent.load(event.id);
  }

  @FieldResolver(() => [Person], { description: 'People with a role at this event.' })
  people(@Root() event: Event, @Ctx() ctx: CountryContext) {
    return ctx.loaders.peopleOfEvent.load(event.id);
  }

  @FieldResolver(() => [Revision], { nullable: true, description: "Revisions, newest first; editors of the record's country and analysts only." })
  history(@Root() record: Event, @Ctx() ctx: CountryContext, @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number) {
    return historyOf(ctx, record.id, record.countryCode, first);
  }
}
