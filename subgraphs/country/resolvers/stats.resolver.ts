import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { EventDimension, ProgrammeDimension } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { eventStats } from '../data/events.js';
import { programmeStats } from '../data/programmes.js';
import { EventStat, ProgrammeStat } from '../entities/stats.js';
import { EventFilter, ProgrammeFilter } from '../inputs/filters.js';
import { ShardedAggregate } from '../sharding.js';

@Resolver()
export class StatsResolver {
  @Query(() => [EventStat])
  @ShardedAggregate()
  eventStats(
    @Ctx() ctx: CountryContext,
    @Arg('groupBy', () => [EventDimension]) groupBy: EventDimension[],
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter | null,
  ): Promise<EventStat[]> {
    return eventStats(ctx, groupBy, filter);
  }

  @Query(() => [ProgrammeStat])
  @ShardedAggregate()
  programmeStats(
    @Ctx() ctx: CountryContext,
    @Arg('groupBy', () => [ProgrammeDimension]) groupBy: ProgrammeDimension[],
    @Arg('filter', () => ProgrammeFilter, { nullable: true }) filter?: ProgrammeFilter | null,
  ): Promise<ProgrammeStat[]> {
    return programmeStats(ctx, groupBy, filter);
  }
}
