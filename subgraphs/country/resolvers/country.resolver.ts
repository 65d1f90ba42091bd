import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { EventOrder, ProgrammeOrder } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { pageNeeds } from '../data/list.js';
import { listEvents } from '../data/events.js';
import { listPartnerships } from '../data/partnerships.js';
import { listProgrammes } from '../data/programmes.js';
import { emptyConnection } from '../entities/connection.js';
import { EventConnection, PartnershipConnection, ProgrammeConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { EventListArgs, PartnershipListArgs, ProgrammeListArgs } from '../inputs/list-args.js';
import { ShardedPage } from '../sharding.js';

/**
 * Country's lists on a node are that country's rows only: a node asked about another
 * country's Country entity answers empty lists (the gateway routes by code, so it never asks).
 * They are nullable: when the country's node cannot answer, the gateway makes them null with an
 * error at their path (unknown), never an empty page a client would keep as "no rows".
 */
@Resolver(() => CountryRef)
export class CountryResolver {
  @FieldResolver(() => ProgrammeConnection, { nullable: true })
  @ShardedPage(Object.values(ProgrammeOrder))
  programmes(@Root() country: CountryRef, @Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: ProgrammeListArgs) {
    return country.code === ctx.country ? listProgrammes(ctx, pageNeeds(info), args) : emptyConnection();
  }

  @FieldResolver(() => EventConnection, { nullable: true })
  @ShardedPage(Object.values(EventOrder))
  events(@Root() country: CountryRef, @Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: EventListArgs) {
    return country.code === ctx.country ? listEvents(ctx, pageNeeds(info), args) : emptyConnection();
  }

  @FieldResolver(() => PartnershipConnection, { nullable: true })
  @ShardedPage()
  partnerships(@Root() country: CountryRef, @Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: PartnershipListArgs) {
    return country.code === ctx.country ? listPartnerships(ctx, pageNeeds(info), args) : emptyConnection();
  }
}
