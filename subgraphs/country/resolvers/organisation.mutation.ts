import { Arg, Args, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { assertEditorOf } from '../../../platform/auth.js';
import { ChangeEntity, ConstituentGroup, DatePrecision } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { deleteOrganisation, insertOrganisation, updateOrganisation } from '../data/organisations.js';
import { IdempotentWrite } from '../data/write/idempotency.js';
import { WriteLimits } from '../inputs/write-limits.js';
import { assertNodeCountry } from '../data/write/references.js';
import { optionalText, rejectNulls, toLocalizedText, toSources } from '../data/write/validate.js';
import { Organisation } from '../entities/organisation.entity.js';
import { DeleteOrganisationArgs, OrganisationInput, type OrganisationPatch, UpdateOrganisationArgs } from '../inputs/organisation.input.js';
import { OwnedById, OwnedByInputCountry } from '../sharding.js';
import { deletedValues, valuesAtVersion } from '../data/change-log/history.js';
import { columnsOf, isReplay, restoring } from '../data/change-log/restore.js';
import { RestoreArgs, UndeleteArgs } from '../inputs/restore.input.js';

/** Content columns a patch (or a create, defaults filled in) sets; only fields present are converted. */
function organisationChanges(p: OrganisationPatch, at: string): Partial<Organisation> {
  rejectNulls(p, ['name', 'constituentGroup', 'about', 'formerNames'], at);
  const c: Partial<Organisation> = {};
  if (p.name !== undefined) c.name = toLocalizedText(p.name!, `${at}.name`);
  if (p.acronym !== undefined) c.acronym = optionalText(p.acronym);
  if (p.type !== undefined) c.type = p.type;
  if (p.constituentGroup !== undefined) c.constituentGroup = p.constituentGroup!;
  if (p.globalRef !== undefined) c.globalRef = optionalText(p.globalRef);
  if (p.parentId !== undefined) c.parentId = optionalText(p.parentId);
  if (p.about !== undefined) c.about = p.about!.map((a, i) => toLocalizedText(a, `${at}.about[${i}]`));
  if (p.formerNames !== undefined) {
    c.formerNames = p.formerNames!.map((f, i) => ({
      name: toLocalizedText(f.name, `${at}.formerNames[${i}].name`),
      until: f.until ?? null,
      datePrecision: f.datePrecision ?? DatePrecision.DAY,
    }));
  }
  // null means none, as at create: a list of sources is never unknown, only empty.
  if (p.sources !== undefined) c.sources = toSources(p.sources, `${at}.sources`);
  return c;
}

/** create/update/delete of organisations; only an editor of this node's country may call them. */
@Resolver()
@UseMiddleware(WriteLimits, IdempotentWrite)
export class OrganisationMutationResolver {
  @Mutation(() => Organisation, { nullable: true })
  @OwnedByInputCountry()
  async createOrganisation(@Ctx() ctx: CountryContext, @Arg('input', () => OrganisationInput) input: OrganisationInput): Promise<Organisation> {
    assertEditorOf(ctx.principal, ctx.country);
    assertNodeCountry(ctx, input.country);
    const changes = organisationChanges(
      { ...input, constituentGroup: input.constituentGroup ?? ConstituentGroup.NONE, about: input.about ?? [], formerNames: input.formerNames ?? [] },
      'input',
    );
    const organisation = Object.assign(new Organisation(), {
      acronym: null,
      type: null,
      globalRef: null,
      parentId: null,
      ...changes,
      countryCode: ctx.country,
      version: 1,
    });
    return insertOrganisation(ctx, organisation);
  }

  @Mutation(() => Organisation, { nullable: true })
  @OwnedById()
  async updateOrganisation(
    @Ctx() ctx: CountryContext,
    @Args(() => UpdateOrganisationArgs) { id, expectedVersion, patch }: UpdateOrganisationArgs,
  ): Promise<Organisation> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = organisationChanges(patch, 'patch');
    return updateOrganisation(ctx, id, expectedVersion, (organisation) => Object.assign(organisation, changes));
  }

  @Mutation(() => ID, { nullable: true })
  @OwnedById()
  async deleteOrganisation(@Ctx() ctx: CountryContext, @Args(() => DeleteOrganisationArgs) { id, expectedVersion }: DeleteOrganisationArgs): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return deleteOrganisation(ctx, id, expectedVersion);
  }

  @Mutation(() => Organisation, { nullable: true, description: 'Restores the content of an earlier version of the organisation as its next version.' })
  @OwnedById()
  async restoreOrganisation(@Ctx() ctx: CountryContext, @Args(() => RestoreArgs) { id, expectedVersion, version }: RestoreArgs): Promise<Organisation> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await valuesAtVersion(ctx.db, ctx, ChangeEntity.ORGANISATION, id, expectedVersion, version);
    return restoring(ctx, version, id, expectedVersion, () =>
      updateOrganisation(ctx, id, expectedVersion, (organisation) => Object.assign(organisation, columnsOf(values))),
    );
  }

  @Mutation(() => Organisation, { nullable: true, description: 'Brings back a deleted organisation within the retention period.' })
  @OwnedById()
  async undeleteOrganisation(@Ctx() ctx: CountryContext, @Args(() => UndeleteArgs) { id, expectedVersion }: UndeleteArgs): Promise<Organisation> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await deletedValues(ctx.db, ctx, ChangeEntity.ORGANISATION, id, expectedVersion);
    const organisation = Object.assign(new Organisation(), columnsOf(values), { id, countryCode: ctx.country, version: expectedVersion + 1 });
    return restoring(ctx, expectedVersion, id, expectedVersion, () => insertOrganisation(ctx, organisation));
  }
}
