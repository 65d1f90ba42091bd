import { ChangeEntity } from '../../../contract/enums.js';
import type { EntityManager } from 'typeorm';
import { badInput } from '../../../contract/errors.js';
import type { CountryContext } from '../context.js';
import { logDelete, logWrite } from './change-log/append.js';
import { snapshotOf } from './change-log/snapshot.js';
import type { ConnectionData } from '../entities/connection.js';
import type { OrganisationReach } from '../entities/organisation-reach.js';
import { Organisation } from '../entities/organisation.entity.js';
import type { OrganisationFilter } from '../inputs/filters.js';
import type { OrganisationListArgs } from '../inputs/list-args.js';
import { deriveOrganisation, now } from './derive.js';
import { applyOrganisationFilter, excludesCountry } from './filters.js';
import { listPage, type PageNeeds } from './list.js';
import { slugOf, uniqueId } from './write/ids.js';
import { assertRefs, referencesTo, stillReferenced } from './write/references.js';
import { deleteRow, lockForWrite, runWrite, saveVersioned } from './write/transaction.js';

export function listOrganisations(ctx: CountryContext, needs: PageNeeds, args: OrganisationListArgs): Promise<ConnectionData<Organisation>> {
  return listPage(ctx, needs, args, 'ID_ASC', 'o', () => applyOrganisationFilter(ctx.db.getRepository(Organisation).createQueryBuilder('o'), args.filter));
}

/**
 * This node's organisations grouped by globalRef (each group spans this one country). A node
 * on its own answers only a threshold of 1; the gateway merges groups across nodes first.
 */
export async function organisationReach(ctx: CountryContext, filter: OrganisationFilter | null | undefined): Promise<OrganisationReach[]> {
  if (excludesCountry(filter, ctx.country)) return [];
  const rows = await applyOrganisationFilter(ctx.db.getRepository(Organisation).createQueryBuilder('o'), filter)
    .andWhere('o.global_ref IS NOT NULL')
    .orderBy('o.global_ref', 'ASC')
    .addOrderBy('o.id', 'ASC')
    .getMany();
  const groups = new Map<string, OrganisationReach>();
  for (const row of rows) {
    const group = groups.get(row.globalRef!) ?? { globalRef: row.globalRef!, countries: [ctx.country], organisations: [] };
    group.organisations.push(row);
    groups.set(row.globalRef!, group);
  }
  return [...groups.values()];
}

/**
 * A parent must be an organisation of this node, and not the organisation itself or one of its
 * units at any depth (the parent chain would loop). Checked inside the write's transaction.
 */
async function checkParent(m: EntityManager, ctx: CountryContext, id: string | null, parentId: string | null, field: string): Promise<void> {
  if (!parentId) return;
  await assertRefs(m, ctx, 'organisation', [parentId], field);
  if (!id) return;
  const [loop]: Array<{ id: string }> = await m.query(
    `WITH RECURSIVE up(id, parent_id) AS (
       SELECT id, parent_id FROM organisation WHERE id = $1
       UNION SELECT o.id, o.parent_id FROM organisation o JOIN up ON o.id = up.parent_id)
     SELECT id FROM up WHERE id = $2`,
    [parentId, id],
  );
  if (loop)
    throw badInput(
      `${field}: ${parentId} is ${id === parentId ? 'the organisation itself' : `a unit of ${id}`}; an organisation cannot be its own parent`,
      field,
    );
}

export function insertOrganisation(ctx: CountryContext, organisation: Organisation): Promise<Organisation> {
  return runWrite(
    ctx,
    async (m) => {
      await checkParent(m, ctx, null, organisation.parentId, 'input.parentId');
      // An undelete brings its id back; a create makes one from the name.
      organisation.id ??= await uniqueId(m, 'organisation', `${ctx.country}:ORG:${slugOf(organisation.name)}`);
      organisation.updatedAt = now();
      await m.insert(Organisation, deriveOrganisation(organisation));
      await logWrite(m, ctx, ChangeEntity.ORGANISATION, organisation.id, null);
      return m.findOneByOrFail(Organisation, { id: organisation.id });
    },
    Organisation,
  );
}

export function updateOrganisation(
  ctx: CountryContext,
  id: string,
  expectedVersion: number,
  change: (organisation: Organisation) => void,
): Promise<Organisation> {
  return runWrite(
    ctx,
    async (m) => {
      const organisation = await lockForWrite(m, Organisation, ctx, id, expectedVersion, 'organisation');
      const before = await snapshotOf(m, ChangeEntity.ORGANISATION, id);
      const parentBefore = organisation.parentId;
      change(organisation);
      if (organisation.parentId !== parentBefore) await checkParent(m, ctx, id, organisation.parentId, 'patch.parentId');
      await saveVersioned(m, Organisation, deriveOrganisation(organisation), expectedVersion);
      await logWrite(m, ctx, ChangeEntity.ORGANISATION, id, before);
      return m.findOneByOrFail(Organisation, { id });
    },
    Organisation,
  );
}

/** Refused while events, partnerships, people or units still refer to the organisation. */
export function deleteOrganisation(ctx: CountryContext, id: string, expectedVersion: number): Promise<string> {
  return runWrite(ctx, async (m) => {
    await lockForWrite(m, Organisation, ctx, id, expectedVersion, 'organisation');
    const refused = stillReferenced(id, await referencesTo(m, 'organisation', id));
    if (refused) throw refused;
    const before = (await snapshotOf(m, ChangeEntity.ORGANISATION, id))!;
    await deleteRow(m, 'organisation', id);
    await logDelete(m, ctx, ChangeEntity.ORGANISATION, id, expectedVersion, before);
    return id;
  });
}
