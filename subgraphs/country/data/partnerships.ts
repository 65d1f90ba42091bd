import { ChangeEntity } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { logDelete, logWrite } from './change-log/append.js';
import { snapshotOf } from './change-log/snapshot.js';
import type { ConnectionData } from '../entities/connection.js';
import { Partnership } from '../entities/partnership.entity.js';
import type { PartnershipListArgs } from '../inputs/list-args.js';
import { now } from './derive.js';
import { applyPartnershipFilter } from './filters.js';
import { listPage, type PageNeeds } from './list.js';
import { truncateSlug, uniqueId } from './write/ids.js';
import { assertRefs } from './write/references.js';
import { deleteRow, lockForWrite, runWrite, saveVersioned } from './write/transaction.js';

export function listPartnerships(ctx: CountryContext, needs: PageNeeds, args: PartnershipListArgs): Promise<ConnectionData<Partnership>> {
  return listPage(ctx, needs, args, 'ID_ASC', 'ps', () => applyPartnershipFilter(ctx.db.getRepository(Partnership).createQueryBuilder('ps'), args.filter));
}

/** The part of an id after `CC:KIND:`. */
function slugPart(id: string): string {
  return id.split(':').slice(2).join(':');
}

export function insertPartnership(ctx: CountryContext, partnership: Partnership): Promise<Partnership> {
  return runWrite(
    ctx,
    async (m) => {
      await assertRefs(m, ctx, 'organisation', [partnership.organisationId], 'input.organisationId');
      if (partnership.programmeId) await assertRefs(m, ctx, 'programme', [partnership.programmeId], 'input.programmeId');
      // Like the seed ids: organisation slug, then programme slug when there is one.
      const slug = [partnership.organisationId, partnership.programmeId]
        .filter(Boolean)
        .map((id) => slugPart(id!))
        .join('-');
      // An undelete brings its id back; a create makes one from what it links.
      partnership.id ??= await uniqueId(m, 'partnership', `${ctx.country}:PSH:${truncateSlug(slug)}`);
      partnership.updatedAt = now();
      await m.insert(Partnership, partnership);
      await logWrite(m, ctx, ChangeEntity.PARTNERSHIP, partnership.id, null);
      return m.findOneByOrFail(Partnership, { id: partnership.id });
    },
    Partnership,
  );
}

export function updatePartnership(
  ctx: CountryContext,
  id: string,
  expectedVersion: number,
  change: (partnership: Partnership) => void,
  newProgrammeId: string | null | undefined,
): Promise<Partnership> {
  return runWrite(
    ctx,
    async (m) => {
      const partnership = await lockForWrite(m, Partnership, ctx, id, expectedVersion, 'partnership');
      const before = await snapshotOf(m, ChangeEntity.PARTNERSHIP, id);
      change(partnership);
      if (newProgrammeId) await assertRefs(m, ctx, 'programme', [newProgrammeId], 'patch.programmeId');
      await saveVersioned(m, Partnership, partnership, expectedVersion);
      await logWrite(m, ctx, ChangeEntity.PARTNERSHIP, id, before);
      return m.findOneByOrFail(Partnership, { id });
    },
    Partnership,
  );
}

export function deletePartnership(ctx: CountryContext, id: string, expectedVersion: number): Promise<string> {
  return runWrite(ctx, async (m) => {
    await lockForWrite(m, Partnership, ctx, id, expectedVersion, 'partnership');
    const before = (await snapshotOf(m, ChangeEntity.PARTNERSHIP, id))!;
    await deleteRow(m, 'partnership', id); // nothing refers to a partnership
    await logDelete(m, ctx, ChangeEntity.PARTNERSHIP, id, expectedVersion, before);
    return id;
  });
}
