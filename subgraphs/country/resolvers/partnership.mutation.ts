import { Arg, Args, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { assertEditorOf } from '../../../platform/auth.js';
import { ChangeEntity, PartnershipBasis } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { deletePartnership, insertPartnership, updatePartnership } from '../data/partnerships.js';
import { IdempotentWrite } from '../data/write/idempotency.js';
import { WriteLimits } from '../inputs/write-limits.js';
import { assertNodeCountry } from '../data/write/references.js';
import { assertDateOrder, rejectNulls, toOptionalLocalizedText, toSources } from '../data/write/validate.js';
import { Partnership } from '../entities/partnership.entity.js';
import { DeletePartnershipArgs, PartnershipInput, type PartnershipPatch, UpdatePartnershipArgs } from '../inputs/partnership.input.js';
import { OwnedById, OwnedByInputCountry } from '../sharding.js';
import { deletedValues, valuesAtVersion } from '../data/change-log/history.js';
import { columnsOf, isReplay, restoring } from '../data/change-log/restore.js';
import { RestoreArgs, UndeleteArgs } from '../inputs/restore.input.js';

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
  // null means none, as at create: a list of sources is never unknown, only empty.
  if (p.sources !== undefined) c.sources = toSources(p.sources, `${at}.sources`);
  return c;
}

/** create/update/delete of partnerships; only an editor of this node's country may call them. */
@Resolver()
@UseMiddleware(WriteLimits, IdempotentWrite)
export class PartnershipMutationResolver {
  @Mutation(() => Partnership, { nullable: true })
  @OwnedByInputCountry()
  async createPartnership(@Ctx() ctx: CountryContext, @Arg('input', () => PartnershipInput) input: PartnershipInput): Promise<Partnership> {
    assertEditorOf(ctx.principal, ctx.country);
    assertNodeCountry(ctx, input.country);
    const changes = partnershipChanges({ ...input, basis: input.basis ?? PartnershipBasis.DECLARED }, 'input');
    const partnership = Object.assign(new Partnership(), {
      programmeId: null,
      role: null,
      description: null,
      startDate: null,
      endDate: null,
      ...changes,
      organisationId: input.organisationId,
      countryCode: ctx.country,
      version: 1,
    });
    assertDateOrder(partnership.startDate, partnership.endDate, 'input.endDate');
    return insertPartnership(ctx, partnership);
  }

  @Mutation(() => Partnership, { nullable: true })
  @OwnedById()
  async updatePartnership(
    @Ctx() ctx: CountryContext,
    @Args(() => UpdatePartnershipArgs) { id, expectedVersion, patch }: UpdatePartnershipArgs,
  ): Promise<Partnership> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = partnershipChanges(patch, 'patch');
    return updatePartnership(
      ctx,
      id,
      expectedVersion,
      (partnership) => {
        Object.assign(partnership, changes);
        if (patch.startDate !== undefined || patch.endDate !== undefined) {
          assertDateOrder(partnership.startDate, partnership.endDate, patch.endDate !== undefined ? 'patch.endDate' : 'patch.startDate');
        }
      },
      changes.programmeId,
    );
  }

  @Mutation(() => ID, { nullable: true })
  @OwnedById()
  async deletePartnership(@Ctx() ctx: CountryContext, @Args(() => DeletePartnershipArgs) { id, expectedVersion }: DeletePartnershipArgs): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return deletePartnership(ctx, id, expectedVersion);
  }

  @Mutation(() => Partnership, { nullable: true, description: 'Restores the content of an earlier version of the partnership as its next version.' })
  @OwnedById()
  async restorePartnership(@Ctx() ctx: CountryContext, @Args(() => RestoreArgs) { id, expectedVersion, version }: RestoreArgs): Promise<Partnership> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await valuesAtVersion(ctx.db, ctx, ChangeEntity.PARTNERSHIP, id, expectedVersion, version);
    return restoring(ctx, version, id, expectedVersion, () =>
      updatePartnership(
        ctx,
        id,
        expectedVersion,
        (partnership) => {
          Object.assign(partnership, columnsOf(values));
          assertDateOrder(partnership.startDate, partnership.endDate, 'version');
        },
        values.programmeId as string | null,
      ),
    );
  }

  @Mutation(() => Partnership, { nullable: true, description: 'Brings back a deleted partnership within the retention period.' })
  @OwnedById()
  async undeletePartnership(@Ctx() ctx: CountryContext, @Args(() => UndeleteArgs) { id, expectedVersion }: UndeleteArgs): Promise<Partnership> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await deletedValues(ctx.db, ctx, ChangeEntity.PARTNERSHIP, id, expectedVersion);
    const partnership = Object.assign(new Partnership(), columnsOf(values), { id, countryCode: ctx.country, version: expectedVersion + 1 });
    return restoring(ctx, expectedVersion, id, expectedVersion, () => insertPartnership(ctx, partnership));
  }
}
