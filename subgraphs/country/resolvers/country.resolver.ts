import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { CountryContext } from '../context.js';
import { EventListArgs, PartnershipListArgs, ProgrammeListArgs } from '../inputs/list-args.js';
import { EventConnection, PartnershipConnection, ProgrammeConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { emptyConnection } from '../data/page.js';
import { listEvents, listPartnerships, listProgrammes } from './lists.js';

/**
 * Country's lists on a node are that country's rows only: a node asked about another
 * country's Country entity answers empty lists (the gateway routes by code, so it never asks).
 */
@Resolver(() => CountryRef)
export class CountryResolver {
  @FieldResolver(() => ProgrammeConnection)
  programmes(@Root() country: CountryRef, @Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: ProgrammeListArgs) {
    if (country.code !== ctx.country) return emptyConnection();
    return listProgrammes(ctx, info, args);
  }

  @FieldResolver(() => EventConnection)
  events(@Root() country: CountryRef, @Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: EventListArgs) {
    if (country.code !== ctx.country) return emptyConnection();
    return listEvents(ctx, info, args);
  }

  @FieldResolver(() => PartnershipConnection)
  partnerships(@Root() country: CountryRef, @Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: PartnershipListArgs) {
    if (country.code !== ctx.country) return emptyConnection();
    return listPartnerships(ctx, info, args);
  }
}
