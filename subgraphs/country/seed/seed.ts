import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { localizedFromSeed, readSeedData } from '../../../platform/seed-files.js';
import { deriveEvent, deriveOrganisation, derivePerson, deriveProgramme, now } from '../data/derive.js';
import { Event, EventOrganisation } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Person, PersonRole } from '../entities/person.entity.js';
import { Programme } from '../entities/programme.entity.js';
import type { PersonRoleKind } from '../../../contract/enums.js';
import type { CountrySeedFile } from './seed-format.js';
import { ChangeEntity } from '../../../contract/enums.js';
import { logInserted } from '../data/change-log/append.js';

const CHANGE_ENTITY = new Map<EntityTarget<ObjectLiteral>, ChangeEntity>([
  [Organisation, ChangeEntity.ORGANISATION],
  [Programme, ChangeEntity.PROGRAMME],
  [Event, ChangeEntity.EVENT],
  [Partnership, ChangeEntity.PARTNERSHIP],
  [Person, ChangeEntity.PERSON],
]);

export function readSeedFile(country: string): CountrySeedFile | null {
  const found = readSeedData<CountrySeedFile>('country', `${country.toLowerCase()}.json`);
  if (!found) return null;
  if (found.data.country !== country) throw new Error(`${found.path} is for ${found.data.country}, not ${country}`);
  return found.data;
}

export interface SeedResult {
  inserted: number;
  skipped: number;
}

/**
 * Inserts the seed records that are missing, in one transaction. Records already present are left
 * alone (an editor's later change is never overwritten), so running it twice changes nothing.
 */
export async function seedCountry(ds: DataSource, country: string, seed = readSeedFile(country)): Promise<SeedResult> {
  if (!seed) return { inserted: 0, skipped: 0 };
  const stamp = now();
  let inserted = 0;
  let skipped = 0;
  // Every record inserted gets its create revision in the change log, like a create through the API.
  const created: Array<[ChangeEntity, string[]]> = [];
  const insert = async (m: EntityManager, entity: EntityTarget<ObjectLiteral>, rows: object[]) => {
    if (!rows.length) return;
    // ON CONFLICT DO NOTHING + RETURNING yields exactly the rows inserted now; the ids present already are skipped.
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows as never)
      .orIgnore()
      .returning('id')
      .execute();
    const ids = Array.isArray(result.raw) ? (result.raw as Array<{ id: string }>).map((r) => r.id) : [];
    const count = ids.length;
    created.push([CHANGE_ENTITY.get(entity)!, ids]);
    inserted += count;
    skipped += rows.length - count;
  };
  await ds.transaction(async (m) => {
    await insert(
      m,
      Organisation,
      seed.organisations.map((o) =>
        deriveOrganisation(
          Object.assign(new Organisation(), {
            id: o.id,
            countryCode: country,
            name: localizedFromSeed(o.name),
            acronym: o.acronym,
            type: o.type,
            constituentGroup: o.constituentGroup,
            globalRef: o.globalRef,
            about: (o.about ?? []).map((a) => localizedFromSeed(a)),
            formerNames: (o.formerNames ?? []).map((f) => ({ name: localizedFromSeed(f.name), until: f.until, datePrecision: f.datePrecision })),
            parentId: o.parentId ?? null,
            sources: o.sources,
            updatedAt: stamp,
            version: 1,
          }),
        ),
      ),
    );
    await insert(
      m,
      Programme,
      seed.programmes.map((p) =>
        deriveProgramme(
          Object.assign(new Programme(), {
            id: p.id,
            countryCode: country,
            code: p.code,
            title: localizedFromSeed(p.title),
            summary: localizedFromSeed(p.summary),
            status: p.status,
            statusAsOf: p.statusAsOf ?? null,
            activities: (p.activities ?? []).map((a) => localizedFromSeed(a)),
            startDate: p.startDate,
            endDate: p.endDate,
            datePrecision: p.datePrecision,
            phase: p.phase,
            recipientCountries: p.recipientCountries,
            themes: p.themes,
            objectives: p.objectives.map((o) => ({ ...localizedFromSeed(o), themes: o.themes ?? [] })),
            conventionNumbers: p.conventionNumbers,
            contacts: p.contacts.map((c) => ({ ...c, role: localizedFromSeed(c.role) })),
            links: p.links,
            sources: p.sources,
            updatedAt: stamp,
            version: 1,
          }),
        ),
      ),
    );
    await insert(
      m,
      Event,
      seed.events.map((e) =>
        deriveEvent(
          Object.assign(new Event(), {
            id: e.id,
            countryCode: country,
            title: localizedFromSeed(e.title),
            summary: localizedFromSeed(e.summary),
            type: e.type,
            startDate: e.startDate,
            endDate: e.endDate,
            datePrecision: e.datePrecision,
            city: e.city,
            venue: e.venue,
            online: e.online,
            programmeId: e.programmeId,
            participantCount: e.participantCount,
            presentationCount: e.presentationCount,
            themes: e.themes,
            outcomes: e.outcomes.map((o) => localizedFromSeed(o)),
            sources: e.sources,
            updatedAt: stamp,
            version: 1,
          }),
        ),
      ),
    );
    const links: EventOrganisation[] = [];
    for (const e of seed.events) {
      e.organiserIds.forEach((organisationId, position) => links.push({ eventId: e.id, role: 'ORGANISER', organisationId, position }));
      e.participantIds.forEach((organisationId, position) => links.push({ eventId: e.id, role: 'PARTICIPANT', organisationId, position }));
      (e.supporterIds ?? []).forEach((organisationId, position) => links.push({ eventId: e.id, role: 'SUPPORTER', organisationId, position }));
    }
    // Links are not counted as records; they are ignored when present, like the records.
    if (links.length) await m.createQueryBuilder().insert().into(EventOrganisation).values(links).orIgnore().execute();
    await insert(
      m,
      Partnership,
      seed.partnerships.map((p) =>
        Object.assign(new Partnership(), {
          id: p.id,
          countryCode: country,
          organisationId: p.organisationId,
          programmeId: p.programmeId,
          role: p.role,
          basis: p.basis,
          description: localizedFromSeed(p.description),
          startDate: p.startDate,
          endDate: p.endDate,
          sources: p.sources,
          updatedAt: stamp,
          version: 1,
        }),
      ),
    );
    const people = seed.people ?? [];
    const roles = people.flatMap((p) =>
      p.roles.map((r, position) =>
        Object.assign(new PersonRole(), {
          personId: p.id,
          position,
          title: localizedFromSeed(r.title),
          organisationId: r.organisationId,
          eventId: r.eventId,
          programmeId: r.programmeId,
          asOf: r.asOf,
          kind: r.kind as PersonRoleKind,
        }),
      ),
    );
    await insert(
      m,
      Person,
      people.map((p) =>
        derivePerson(
          Object.assign(new Person(), {
            id: p.id,
            countryCode: country,
            name: localizedFromSeed(p.name),
            nameVariants: p.nameVariants.map((v) => localizedFromSeed(v)),
            globalRef: p.globalRef,
            email: p.email,
            phone: p.phone,
            sources: p.sources,
            updatedAt: stamp,
            version: 1,
          }),
          roles.filter((r) => r.personId === p.id),
        ),
      ),
    );
    // Roles are part of their person, not records of their own; present ones are left alone.
    if (roles.length) await m.createQueryBuilder().insert().into(PersonRole).values(roles).orIgnore().execute();
    // Logged last, so an event's revision holds its organisations and a person's its roles.
    for (const [entity, ids] of created) await logInserted(m, 'seed', entity, ids);
  });
  return { inserted, skipped };
}
