import { Ctx, Query, Resolver } from 'type-graphql';
import type { RegionalContext } from '../context.js';
import { Convention } from '../entities/convention.entity.js';

@Resolver(() => Convention)
export class ConventionResolver {
  @Query(() => [Convention])
  conventions(@Ctx() ctx: RegionalContext): Promise<Convention[]> {
    return ctx.ds.getRepository(Convention).find({ order: { number: 'ASC' } });
  }
}
