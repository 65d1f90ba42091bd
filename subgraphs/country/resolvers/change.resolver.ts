import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ChangeKind } from '../../../shared/enums.js';
import type { CountryContext } from '../context.js';
import { readFeed } from '../data/change-log/feed.js';
import { Change, ChangeFeed, ChangeFilter } from '../entities/change.js';
import { NodeInterface } from '../entities/node.js';
import { ShardedFeed } from '../sharding.js';
import { recordById } from './node.resolver.js';

@Resolver(() => Change)
export class ChangeResolver {
  @Query(() => ChangeFeed, {
    description: 'Changes across countries in commit order per country, including deletions.\n`since` omitted = from the oldest change still retained.',
  })
  @ShardedFeed()
  async changes(
    @Ctx() ctx: CountryContext,
    @Arg('since', () => String, { nullable: true }) since: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 500 }) first: number,
    @Arg('filter', () => ChangeFilter, { nullable: true }) filter: ChangeFilter | null,
  ): Promise<ChangeFeed> {
    if (filter?.countries && !filter.countries.includes(ctx.country)) {
      // Not asked: the watermark passes through unchanged (a gateway never sends such a request).
      return { ...(await readFeed(ctx.db, ctx.country, { since, first: 0 })), changes: [], hasMore: false };
    }
    return readFeed(ctx.db, ctx.country, { since, first, entities: filter?.entities });
  }

  @FieldResolver(() => NodeInterface, { nullable: true })
  record(@Root() change: Change, @Ctx() ctx: CountryContext) {
    return change.kind === ChangeKind.DELETE ? null : recordById(ctx, change.id);
  }
}
