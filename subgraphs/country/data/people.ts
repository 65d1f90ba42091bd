import type { EntityManager } from 'typeorm';
import { ChangeEntity } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { logDelete, logWrite } from './change-log/append.js';
import { snapshotOf } from './change-log/snapshot.js';
import type { ConnectionData } from '../entities/connection.js';
import { Person, PersonRole } from '../entities/person.entity.js';
import type { PersonReach } from '../entities/person-reach.js';
import type { PersonFilter } from '../inputs/filters.js';
import type { PersonListArgs } from '../inputs/list-args.js';
import { derivePerson, now } from './derive.js';
import { applyPersonFilter, excludesCountry } from './filters.js';
import { listPage, type PageNeeds } from './list.js';
import { slugOf, uniqueId } from './write/ids.js';
import { assertRefs } from './write/references.js';
import { deleteRow, lockForWrite, runWrite, saveVersioned } from './write/transaction.js';

export function listPeople(ctx: CountryContext, needs: PageNeeds, args: PersonListArgs): Promise<ConnectionData<Person>> {
  return listPage(ctx, needs, args, 'ID_ASC', 'pe', () => applyPersonFilter(ctx.db.getRepository(Person).createQueryBuilder('pe'), args.filter));
}

/** This node's people grouped by globalRef (each group spans this one country; the gateway merges them). */
export async function personReach(ctx: CountryContext, filter: PersonFilter | null | undefined): Promise<PersonReach[]> {
  if (excludesCountry(filter, ctx.country)) return [];
  const rows = await applyPersonFilter(ctx.db.getRepository(Person).createQueryBuilder('pe'), filter)
    .andWhere('pe.global_ref IS NOT NULL')
    .orderBy('pe.global_ref', 'ASC')
    .addOrderBy('pe.id', 'ASC')
    .getMany();
  const groups = new Map<string, PersonReach>();
  for (const row of rows) {
    const group = groups.get(row.globalRef!) ?? { globalRef: row.globalRef!, countries: [ctx.country], people: [] };
    group.people.push(row);
    groups.set(row.globalRef!, group);
  }
  return [...groups.values()];
}

/** A person's roles as given: what each was, where, and when; position is the order. */
export type RoleValues = Omit<PersonRole, 'personId' | 'position'>;

/** Every record a role points at must be this node's (references stay within a country). */
async function checkRoleRefs(m: EntityManager, ctx: CountryContext, roles: RoleValues[], at: string): Promise<void> {
  for (const [i, role] of roles.entries()) {
    if (role.organisationId) await assertRefs(m, ctx, 'organisation', [role.organisationId], `${at}.roles[${i}].organisationId`);
    if (role.eventId) await assertRefs(m, ctx, 'event', [role.eventId], `${at}.roles[${i}].eventId`);
    if (role.programmeId) await assertRefs(m, ctx, 'programme', [role.programmeId], `${at}.roles[${i}].programmeId`);
  }
}

async function writeRoles(m: EntityManager, personId: string, roles: RoleValues[]): Promise<void> {
  await m.delete(PersonRole, { personId });
  if (roles.length)
    await m.insert(
      PersonRole,
      roles.map((role, position) => ({ ...role, personId, position })),
    );
}

export function insertPerson(ctx: CountryContext, person: Person, roles: RoleValues[]): Promise<Person> {
  return runWrite(
    ctx,
    async (m) => {
      await checkRoleRefs(m, ctx, roles, 'input');
      // An undelete brings its id back; a create makes one from the name.
      person.id ??= await uniqueId(m, 'person', `${ctx.country}:PER:${slugOf(person.name)}`);
      person.updatedAt = now();
      await m.insert(Person, derivePerson(person, roles));
      await writeRoles(m, person.id, roles);
      await logWrite(m, ctx, ChangeEntity.PERSON, person.id, null);
      return m.findOneByOrFail(Person, { id: person.id });
    },
    Person,
  );
}

/** `roles`, when given, replaces every role; otherwise the stored ones are kept (and still searched). */
export function updatePerson(
  ctx: CountryContext,
  id: string,
  expectedVersion: number,
  change: (person: Person) => void,
  roles: RoleValues[] | undefined,
): Promise<Person> {
  return runWrite(
    ctx,
    async (m) => {
      const person = await lockForWrite(m, Person, ctx, id, expectedVersion, 'person');
      const before = await snapshotOf(m, ChangeEntity.PERSON, id);
      change(person);
      if (roles) await checkRoleRefs(m, ctx, roles, 'patch');
      const searched = roles ?? (await m.find(PersonRole, { where: { personId: id }, order: { position: 'ASC' } }));
      await saveVersioned(m, Person, derivePerson(person, searched), expectedVersion);
      if (roles) await writeRoles(m, id, roles);
      await logWrite(m, ctx, ChangeEntity.PERSON, id, before);
      return m.findOneByOrFail(Person, { id });
    },
    Person,
  );
}

/** Roles go with the person (ON DELETE CASCADE); nothing refers to a person. */
export function deletePerson(ctx: CountryContext, id: string, expectedVersion: number): Promise<string> {
  return runWrite(ctx, async (m) => {
    await lockForWrite(m, Person, ctx, id, expectedVersion, 'person');
    const before = (await snapshotOf(m, ChangeEntity.PERSON, id))!;
    await deleteRow(m, 'person', id);
    await logDelete(m, ctx, ChangeEntity.PERSON, id, expectedVersion, before);
    return id;
  });
}
