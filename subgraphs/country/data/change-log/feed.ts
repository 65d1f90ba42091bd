import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { ChangeEntity } from '../../../../contract/enums.js';
import { badInput, ErrorCode } from '../../../../contract/errors.js';
import { MAX_PAGE_SIZE } from '../../../../contract/ordering.js';
import { decodeWatermark, encodeWatermark, formatPosition, parsePosition } from '../../../../contract/watermark.js';
import type { Change, ChangeFeed } from '../../entities/change.js';
import { Revision } from '../../entities/revision.entity.js';

/** The page maximum of every list (the cost analysis sizes a feed by it too). */
export const MAX_FEED_PAGE = MAX_PAGE_SIZE;

export interface FeedRequest {
  since?: string | null;
  first?: number | null;
  entities?: ChangeEntity[] | null;
}

function expired(country: string, why: string): GraphQLError {
  return new GraphQLError(
    `The watermark's position for ${country} cannot be resumed: ${why}. Read the feed again without since and replace your copy of ${country}'s records`,
    { extensions: { code: ErrorCode.WATERMARK_EXPIRED, country } },
  );
}

/**
 * This node's changes after its own position in the watermark `since`, in commit order (see
 * append.ts), read in the request's one snapshot. The watermark returned is `since` with this
 * node's entry moved: to the last change returned when there are more, else to the newest
 * position of the snapshot (every change up to it has been considered, entity filter included).
 * A position this log cannot continue is refused as WATERMARK_EXPIRED, never silently misread: one
 * of another database (its epoch), one the retention sweep has passed (tombstones the reader never
 * saw are gone), or one beyond the log's end (a database restored from an older backup).
 */
export async function readFeed(db: EntityManager, country: string, request: FeedRequest): Promise<Omit<ChangeFeed, 'changes'> & { changes: Change[] }> {
  const first = request.first ?? 500;
  if (!Number.isInteger(first) || first < 0 || first > MAX_FEED_PAGE) throw badInput(`first must be between 0 and ${MAX_FEED_PAGE}, got ${first}`, 'first');
  const watermark = decodeWatermark(request.since);
  const [log]: Array<{ seq: string; epoch: string; swept_through: string }> = await db.query('SELECT seq, epoch, swept_through FROM change_position');
  const own = watermark.get(country);
  let after = 0n;
  if (own) {
    const { counter, epoch } = parsePosition(own);
    if (epoch !== log!.epoch) throw expired(country, 'it belongs to another database of this node');
    if (counter < BigInt(log!.swept_through)) throw expired(country, 'changes after it have passed the retention period and were removed');
    if (counter > BigInt(log!.seq)) throw expired(country, "it is beyond this node's log (was its database restored from a backup?)");
    after = counter;
  }
  const query = db
    .getRepository(Revision)
    .createQueryBuilder('r')
    .where('r.seq > :after', { after: after.toString() })
    .orderBy('r.seq', 'ASC')
    .limit(first + 1);
  if (request.entities?.length) query.andWhere('r.entity IN (:...entities)', { entities: request.entities });
  const rows = await query.getMany();
  const hasMore = rows.length > first;
  const kept = rows.slice(0, first);
  const through = hasMore ? (kept.at(-1)?.seq ?? after.toString()) : log!.seq;
  watermark.set(country, formatPosition(through, log!.epoch));
  return {
    changes: kept.map((r) => ({
      kind: r.kind,
      entity: r.entity,
      id: r.recordId,
      country,
      version: r.version,
      changedAt: r.at,
      position: formatPosition(r.seq, log!.epoch),
    })),
    watermark: encodeWatermark(watermark),
    hasMore,
    unavailable: [],
  };
}
