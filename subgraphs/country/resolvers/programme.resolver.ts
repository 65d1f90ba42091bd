import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { ProgrammeOrder, Theme } from '../../../contract/enums.js';
import { pageSize } from '../../../contract/ordering.js';
import type { CountryContext } from '../context.js';
import { historyOf } from '../data/change-log/history.js';
import { Revision } from '../entities/revision.entity.js';
import { ownsId, pageNeeds } from '../data/list.js';
import { listProgrammes } from '../data/programmes.js';
import { ConventionRef } from '../entities/common.js';
import { ProgrammeConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Event } from '../entities/event.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Person } from '../entities/person.entity.js';
import { Programme, ThemedObjective } from '../entities/programme.entity.js';
import { ProgrammeListArgs } from '../inputs/list-args.js';
import { OwnedById, ShardedPage } from '../sharding.js';
import { EXPORTED } from '../export/lists.js';

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => ProgrammeConnection)
  @ShardedPage(Object.values(ProgrammeOrder), EXPORTED.programmes)
  programmes(@Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: ProgrammeListArgs) {
    return listProgrammes(ctx, pageNeeds(info), args);
  }

  @Query(() => Programme, { nullable: true })
  @OwnedById()
  programme(@Ctx() ctx: CountryContext, @Arg('id', () => ID) id: string) {
    return ownsId(ctx, id) ? ctx.loaders.programmeById.load(id) : null;
  }

  @FieldResolver(() => CountryRef)
  country(@Root() programme: Programme): CountryRef {
    return { code: programme.countryCode };
  }

  @FieldResolver(() => [ConventionRef])
  conventions(@Root() programme: Programme): ConventionRef[] {
    return programme.conventionNumbers.map((number) => ({ number }));
  }

  @FieldResolver(() => [Partnership])
  partnerships(@Root() programme: Programme, @Ctx() ctx: CountryContext) {
    return ctx.loaders.partnershipsOfProgramme.load(programme.id);
  }

  @FieldResolver(() => [Event])
  events(@Root() programme: Programme, @Ctx() ctx: CountryContext, @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first = 50) {
    return ctx.loaders.eventsOfProgramme.load({ programmeId: programme.id, first: pageSize(first) });
  }

  @FieldResolver(() => [ThemedObjective], {
    description: 'The objectives with the themes each is about; with `themes`, only the objectives about any of them.',
  })
  themedObjectives(@Root() programme: Programme, @Arg('themes', () => [Theme], { nullable: true }) themes?: Theme[] | null): ThemedObjective[] {
    const all = programme.objectives.map(({ themes: about = [], ...text }, i) => ({ position: i + 1, text, themes: about }));
    return themes?.length ? all.filter((o) => o.themes.some((t) => themes.includes(t))) : all;
  }

  @FieldResolver(() => [Person], { description: 'People with a role tied to this programme.' })
  people(@Root() programme: Programme, @Ctx() ctx: CountryContext) {
    return ctx.loaders.peopleOfProgramme.load(programme.id);
  }

  @FieldResolver(() => [Revision], { nullable: true, description: "Revisions, newest first; editors of the record's country and analysts only." })
  history(@Root() record: Programme, @Ctx() ctx: CountryContext, @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number) {
    return historyOf(ctx, record.id, record.countryCode, first);
  }
}
