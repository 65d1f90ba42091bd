import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLError } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { CountryContext } from '../context.js';
import { historyOf } from '../data/change-log/history.js';
import { Revision } from '../entities/revision.entity.js';
import { ownsId, pageNeeds } from '../data/list.js';
import { listPartnerships } from '../data/partnerships.js';
import { PartnershipListArgs } from '../inputs/list-args.js';
import { PartnershipConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Programme } from '../entities/programme.entity.js';
import { OwnedById, ShardedPage } from '../sharding.js';
import { EXPORTED } from '../export/lists.js';

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => PartnershipConnection)
  @ShardedPage([], EXPORTED.partnerships)
  partnerships(@Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: PartnershipListArgs) {
    return listPartnerships(ctx, pageNeeds(info), args);
  }

  @Query(() => Partnership, { nullable: true })
  @OwnedById()
  partnership(@Ctx() ctx: CountryContext, @Arg('id', () => ID) id: string) {
    return ownsId(ctx, id) ? ctx.loaders.partnershipById.load(id) : null;
  }

  @FieldResolver(() => CountryRef)
  country(@Root() partnership: Partnership): CountryRef {
    return { code: partnership.countryCode };
  }

  @FieldResolver(() => Organisation)
  async organisation(@Root() partnership: Partnership, @Ctx() ctx: CountryContext) {
    const org = await ctx.loaders.organisationById.load(partnership.organisationId);
    // A foreign key guarantees the row; reaching this means the database was edited by hand.
    if (!org) throw new GraphQLError(`Partnership ${partnership.id} refers to a missing organisation`);
    return org;
  }

  @FieldResolver(() => Programme, { nullable: true })
  programme(@Root() partnership: Partnership, @Ctx() ctx: CountryContext) {
    return partnership.programmeId ? ctx.loaders.programmeById.load(partnership.programmeId) : null;
  }

  @FieldResolver(() => [Revision], { nullable: true, description: "Revisions, newest first; editors of the record's country and analysts only." })
  history(@Root() record: Partnership, @Ctx() ctx: CountryContext, @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number) {
    return historyOf(ctx, record.id, record.countryCode, first);
  }
}
