import { Arg, Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { assertEditorOf } from '../../../shared/auth.js';
import { PartnershipBasis } from '../../../shared/enums.js';
import type { CountryContext } from '../context.js';
import { now } from '../data/derive.js';
import {
  assertDateOrder, assertNodeCountry, assertRefs, deleteRow, lockForWrite, rejectNulls, runWrite, saveVersioned,
  toOptionalLocalizedText, toSources, truncateSlug, uniqueId,
} from '../data/writes.js';
import { Partnership } from '../entities/partnership.entity.js';
import { DeletePartnershipArgs, PartnershipInput, type PartnershipPatch, UpdatePartnershipArgs } from '../inputs/partnership.input.js';

/** Content columns a patch (or a create, defaults filled in) sets; only fields present are converted. */
function partnershipChanges(p: PartnershipPatch, at: string): Partial<Partnership> {
  rejectNulls(p, ['basis'], at);
  const c: Partial<Partnership> = {};
  if (p.programmeId !== undefined) c.programmeId = p.programmeId;
  if (p.role !== undefined) c.role = p.role;
  if (p.basis !== undefined) c.basis = p.basis!;
  if (p.description !== undefined) c.description = toOptionalLocalizedText(p.description, `${at}.description`);
  if (p.startDate !== undefined) c.startDate = p.startDate;
  if (p.endDate !== undefined) c.endDate = p.endDate;
  return c;
}

/** The part of an id after `CC:KIND:`. */
function slugPart(id: string): string {
  return id.split(':').slice(2).join(':');
}

/** create/update/delete of partnerships; only an editor of this node's country may call them. */
@Resolver()
export class PartnershipMutationResolver {
  @Mutation(() => Partnership)
  async createPartnership(@Ctx() ctx: CountryContext, @Arg('input', () => PartnershipInput) input: PartnershipInput): Promise<Partnership> {
    assertEditorOf(ctx.principal, ctx.country);
    assertNodeCountry(ctx, input.country);
    const changes = partnershipChanges({ ...input, basis: input.basis ?? PartnershipBasis.DECLARED }, 'input');
    const partnership = Object.assign(new Partnership(), {
      programmeId: null, role: null, description: null, startDate: null, endDate: null, ...changes,
      organisationId: input.organisationId, sources: toSources(input.sources, 'input.sources'), countryCode: ctx.country, version: 1,
    });
    assertDateOrder(partnership.startDate, partnership.endDate, 'input.endDate');
    return runWrite(ctx, async (m) => {
      await assertRefs(m, ctx, 'organisation', [partnership.organisationId], 'input.organisationId');
      if (partnership.programmeId) await assertRefs(m, ctx, 'programme', [partnership.programmeId], 'input.programmeId');
      // Like the seed ids: organisation slug, then programme slug when there is one.
      const slug = [partnership.organisationId, partnership.programmeId].filter(Boolean).map((id) => slugPart(id!)).join('-');
      partnership.id = await uniqueId(m, 'partnership', `${ctx.country}:PSH:${truncateSlug(slug)}`);
      partnership.updatedAt = now();
      await m.insert(Partnership, partnership);
      return m.findOneByOrFail(Partnership, { id: partnership.id });
    });
  }

  @Mutation(() => Partnership)
  async updatePartnership(
    @Ctx() ctx: CountryContext,
    @Args(() => UpdatePartnershipArgs) { id, expectedVersion, patch }: UpdatePartnershipArgs,
  ): Promise<Partnership> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = partnershipChanges(patch, 'patch');
    return runWrite(ctx, async (m) => {
      const partnership = await lockForWrite(m, Partnership, ctx, id, expectedVersion, 'partnership');
      Object.assign(partnership, changes);
      if (patch.startDate !== undefined || patch.endDate !== undefined) {
        assertDateOrder(partnership.startDate, partnership.endDate, patch.endDate !== undefined ? 'patch.endDate' : 'patch.startDate');
      }
      if (changes.programmeId) await assertRefs(m, ctx, 'programme', [changes.programmeId], 'patch.programmeId');
      await saveVersioned(m, Partnership, partnership, expectedVersion);
      return m.findOneByOrFail(Partnership, { id });
    });
  }

  @Mutation(() => ID)
  async deletePartnership(
    @Ctx() ctx: CountryContext,
    @Args(() => DeletePartnershipArgs) { id, expectedVersion }: DeletePartnershipArgs,
  ): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return runWrite(ctx, async (m) => {
      await lockForWrite(m, Partnership, ctx, id, expectedVersion, 'partnership');
      // Nothing references a partnership.
      await deleteRow(m, 'partnership', id);
      return id;
    });
  }
}
