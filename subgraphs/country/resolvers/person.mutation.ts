import { Arg, Args, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { assertEditorOf } from '../../../platform/auth.js';
import { ChangeEntity } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { deletePerson, insertPerson, updatePerson, type RoleValues } from '../data/people.js';
import { IdempotentWrite } from '../data/write/idempotency.js';
import { WriteLimits } from '../inputs/write-limits.js';
import { assertNodeCountry } from '../data/write/references.js';
import { emailAddress, optionalText, rejectNulls, toLocalizedText, toSources } from '../data/write/validate.js';
import { Person } from '../entities/person.entity.js';
import { DeletePersonArgs, PersonInput, type PersonPatch, type PersonRoleInput, UpdatePersonArgs } from '../inputs/person.input.js';
import { OwnedById, OwnedByInputCountry } from '../sharding.js';
import { deletedValues, valuesAtVersion } from '../data/change-log/history.js';
import { columnsOf, isReplay, restoring } from '../data/change-log/restore.js';
import { RestoreArgs, UndeleteArgs } from '../inputs/restore.input.js';

/** Content columns a patch (or a create, defaults filled in) sets; only fields present are converted. */
function personChanges(p: PersonPatch, at: string): Partial<Person> {
  rejectNulls(p, ['name', 'nameVariants', 'roles'], at);
  const c: Partial<Person> = {};
  if (p.name !== undefined) c.name = toLocalizedText(p.name!, `${at}.name`);
  if (p.nameVariants !== undefined) c.nameVariants = p.nameVariants!.map((v, i) => toLocalizedText(v, `${at}.nameVariants[${i}]`));
  if (p.globalRef !== undefined) c.globalRef = optionalText(p.globalRef);
  if (p.email !== undefined) c.email = emailAddress(p.email, `${at}.email`);
  if (p.phone !== undefined) c.phone = optionalText(p.phone);
  // null means none, as at create: a list of sources is never unknown, only empty.
  if (p.sources !== undefined) c.sources = toSources(p.sources, `${at}.sources`);
  return c;
}

function roleValues(roles: PersonRoleInput[], at: string): RoleValues[] {
  return roles.map((r, i) => ({
    title: toLocalizedText(r.title, `${at}.roles[${i}].title`),
    organisationId: r.organisationId ?? null,
    eventId: r.eventId ?? null,
    programmeId: r.programmeId ?? null,
    asOf: r.asOf ?? null,
    kind: r.kind ?? null,
  }));
}

/** create/update/delete of people; only an editor of this node's country may call them. */
@Resolver()
@UseMiddleware(WriteLimits, IdempotentWrite)
export class PersonMutationResolver {
  @Mutation(() => Person, { nullable: true })
  @OwnedByInputCountry()
  async createPerson(@Ctx() ctx: CountryContext, @Arg('input', () => PersonInput) input: PersonInput): Promise<Person> {
    assertEditorOf(ctx.principal, ctx.country);
    assertNodeCountry(ctx, input.country);
    const changes = personChanges({ ...input, nameVariants: input.nameVariants ?? [], roles: input.roles ?? [] }, 'input');
    const person = Object.assign(new Person(), {
      globalRef: null,
      email: null,
      phone: null,
      ...changes,
      countryCode: ctx.country,
      version: 1,
    });
    return insertPerson(ctx, person, roleValues(input.roles ?? [], 'input'));
  }

  @Mutation(() => Person, { nullable: true })
  @OwnedById()
  async updatePerson(@Ctx() ctx: CountryContext, @Args(() => UpdatePersonArgs) { id, expectedVersion, patch }: UpdatePersonArgs): Promise<Person> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = personChanges(patch, 'patch');
    const roles = patch.roles ? roleValues(patch.roles, 'patch') : undefined;
    return updatePerson(ctx, id, expectedVersion, (person) => Object.assign(person, changes), roles);
  }

  @Mutation(() => ID, { nullable: true })
  @OwnedById()
  async deletePerson(@Ctx() ctx: CountryContext, @Args(() => DeletePersonArgs) { id, expectedVersion }: DeletePersonArgs): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return deletePerson(ctx, id, expectedVersion);
  }

  @Mutation(() => Person, { nullable: true, description: 'Restores the content of an earlier version of the person (roles included) as its next version.' })
  @OwnedById()
  async restorePerson(@Ctx() ctx: CountryContext, @Args(() => RestoreArgs) { id, expectedVersion, version }: RestoreArgs): Promise<Person> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await valuesAtVersion(ctx.db, ctx, ChangeEntity.PERSON, id, expectedVersion, version);
    return restoring(ctx, version, id, expectedVersion, () =>
      updatePerson(ctx, id, expectedVersion, (person) => Object.assign(person, columnsOf(values)), values.roles as RoleValues[]),
    );
  }

  @Mutation(() => Person, { nullable: true, description: 'Brings back a deleted person (roles included) within the retention period.' })
  @OwnedById()
  async undeletePerson(@Ctx() ctx: CountryContext, @Args(() => UndeleteArgs) { id, expectedVersion }: UndeleteArgs): Promise<Person> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await deletedValues(ctx.db, ctx, ChangeEntity.PERSON, id, expectedVersion);
    const person = Object.assign(new Person(), columnsOf(values), { id, countryCode: ctx.country, version: expectedVersion + 1 });
    return restoring(ctx, expectedVersion, id, expectedVersion, () => insertPerson(ctx, person, values.roles as RoleValues[]));
  }
}
