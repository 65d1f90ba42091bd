import { Arg, Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { assertEditorOf } from '../../../shared/auth.js';
import { ConstituentGroup } from '../../../shared/enums.js';
import type { CountryContext } from '../context.js';
import { deriveOrganisation, now } from '../data/derive.js';
import {
  assertNodeCountry, deleteRow, lockForWrite, optionalText, rejectNulls, runWrite, saveVersioned, slugOf, stillReferenced,
  toLocalizedText, toSources, uniqueId,
} from '../data/writes.js';
import { Organisation } from '../entities/organisation.entity.js';
import { DeleteOrganisationArgs, OrganisationInput, type OrganisationPatch, UpdateOrganisationArgs } from '../inputs/organisation.input.js';

/** Content columns a patch (or a create, defaults filled in) sets; only fields present are converted. */
function organisationChanges(p: OrganisationPatch, at: string): Partial<Organisation> {
  rejectNulls(p, ['name', 'constituentGroup'], at);
  const c: Partial<Organisation> = {};
  if (p.name !== undefined) c.name = toLocalizedText(p.name!, `${at}.name`);
  if (p.acronym !== undefined) c.acronym = optionalText(p.acronym);
  if (p.type !== undefined) c.type = p.type;
  if (p.constituentGroup !== undefined) c.constituentGroup = p.constituentGroup!;
  if (p.globalRef !== undefined) c.globalRef = optionalText(p.globalRef);
  return c;
}

/** create/update/delete of organisations; only an editor of this node's country may call them. */
@Resolver()
export class OrganisationMutationResolver {
  @Mutation(() => Organisation)
  async createOrganisation(@Ctx() ctx: CountryContext, @Arg('input', () => OrganisationInput) input: OrganisationInput): Promise<Organisation> {
    assertEditorOf(ctx.principal, ctx.country);
    assertNodeCountry(ctx, input.country);
    const changes = organisationChanges({ ...input, constituentGroup: input.constituentGroup ?? ConstituentGroup.NONE }, 'input');
    const organisation = Object.assign(new Organisation(), {
      acronym: null, type: null, globalRef: null, ...changes,
      sources: toSources(input.sources, 'input.sources'), countryCode: ctx.country, version: 1,
    });
    return runWrite(ctx, async (m) => {
      organisation.id = await uniqueId(m, 'organisation', `${ctx.country}:ORG:${slugOf(organisation.name)}`);
      organisation.updatedAt = now();
      await m.insert(Organisation, deriveOrganisation(organisation));
      return m.findOneByOrFail(Organisation, { id: organisation.id });
    });
  }

  @Mutation(() => Organisation)
  async updateOrganisation(
    @Ctx() ctx: CountryContext,
    @Args(() => UpdateOrganisationArgs) { id, expectedVersion, patch }: UpdateOrganisationArgs,
  ): Promise<Organisation> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = organisationChanges(patch, 'patch');
    return runWrite(ctx, async (m) => {
      const organisation = await lockForWrite(m, Organisation, ctx, id, expectedVersion, 'organisation');
      Object.assign(organisation, changes);
      await saveVersioned(m, Organisation, deriveOrganisation(organisation), expectedVersion);
      return m.findOneByOrFail(Organisation, { id });
    });
  }

  @Mutation(() => ID)
  async deleteOrganisation(
    @Ctx() ctx: CountryContext,
    @Args(() => DeleteOrganisationArgs) { id, expectedVersion }: DeleteOrganisationArgs,
  ): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return runWrite(ctx, async (m) => {
      await lockForWrite(m, Organisation, ctx, id, expectedVersion, 'organisation');
      // The foreign keys are ON DELETE RESTRICT; checking first gives the editor a useful message.
      const events: Array<{ id: string }> = await m.query(
        'SELECT DISTINCT event_id AS id FROM event_organisation WHERE organisation_id = $1 ORDER BY event_id',
        [id],
      );
      const partnerships: Array<{ id: string }> = await m.query('SELECT id FROM partnership WHERE organisation_id = $1 ORDER BY id', [id]);
      const refused = stillReferenced(id, [
        { what: 'events (as organiser or participant)', ids: events.map((r) => r.id) },
        { what: 'partnerships', ids: partnerships.map((r) => r.id) },
      ]);
      if (refused) throw refused;
      await deleteRow(m, 'organisation', id);
      return id;
    });
  }
}
