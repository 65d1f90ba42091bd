import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { CountryContext } from '../context.js';
import { ownsId } from '../data/list.js';
import { NodeInterface, typeNameOfId } from '../entities/node.js';
import { OwnedById } from '../sharding.js';

/** Any record of this node by its id (the id's kind names its type); null when there is none. */
export function recordById(ctx: CountryContext, id: string) {
  if (!ownsId(ctx, id)) return null;
  switch (typeNameOfId(id)) {
    case 'Programme':
      return ctx.loaders.programmeById.load(id);
    case 'Event':
      return ctx.loaders.eventById.load(id);
    case 'Partnership':
      return ctx.loaders.partnershipById.load(id);
    case 'Organisation':
      return ctx.loaders.organisationById.load(id);
    case 'Person':
      return ctx.loaders.personById.load(id);
    default:
      return null;
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, { nullable: true, description: 'Any record by its id, answered by the owning country node.' })
  @OwnedById()
  node(@Ctx() ctx: CountryContext, @Arg('id', () => ID) id: string) {
    return recordById(ctx, id);
  }
}
