import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ChangeEntity, ChangeKind } from '../../../contract/enums.js';
import { decodeWatermark, encodeWatermark } from '../../../contract/watermark.js';
import { CountryCodeScalar } from '../../../contract/scalars.js';
import { deletedRecords } from '../data/change-log/history.js';
import { DeletedRecord } from '../entities/deleted-record.js';
import type { CountryContext } from '../context.js';
import { readFeed } from '../data/change-log/feed.js';
import { Change, ChangeFeed, ChangeFilter } from '../entities/change.js';
import { NodeInterface } from '../entities/node.js';
import { OwnedByCountryArgument, ShardedFeed } from '../sharding.js';
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
      return { changes: [], watermark: encodeWatermark(decodeWatermark(since)), hasMore: false, unavailable: [] };
    }
    return readFeed(ctx.db, ctx.country, { since, first, entities: filter?.entities });
  }

  @Query(() => [DeletedRecord], {
    nullable: true,
    description:
      'Records of `country` deleted within the retention period, newest first (what undeleteX can bring back). Editors of the country and analysts only.',
  })
  @OwnedByCountryArgument()
  deletedRecords(
    @Ctx() ctx: CountryContext,
    @Arg('country', () => CountryCodeScalar) country: string,
    @Arg('entities', () => [ChangeEntity], { nullable: true }) entities: ChangeEntity[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
  ) {
    return deletedRecords(ctx, country, entities, first ?? 50);
  }

  @FieldResolver(() => NodeInterface, { nullable: true })
  record(@Root() change: Change, @Ctx() ctx: CountryContext) {
    return change.kind === ChangeKind.DELETE ? null : recordById(ctx, change.id);
  }
}
