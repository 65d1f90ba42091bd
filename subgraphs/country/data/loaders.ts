import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import { Event, EventOrganisation, type EventOrganisationRole } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Person, PersonRole } from '../entities/person.entity.js';
import { Programme } from '../entities/programme.entity.js';

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): Array<T | null> {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

function groupBy<T>(rows: T[], keys: readonly string[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(row);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** Per-event, per-programme limit of `Programme.events(first:)`; loaders are keyed by it. */
export interface EventsOfProgrammeKey {
  programmeId: string;
  first: number;
}

/**
 * Request-scoped batch loaders: one SQL statement per relation per request, however many
 * parents the page has (no N+1).
 */
export function createLoaders(db: EntityManager) {
  const organisationById = new DataLoader<string, Organisation | null>(async (ids) =>
    byId(await db.getRepository(Organisation).findBy({ id: In([...ids]) }), ids),
  );
  const programmeById = new DataLoader<string, Programme | null>(async (ids) => byId(await db.getRepository(Programme).findBy({ id: In([...ids]) }), ids));
  const eventById = new DataLoader<string, Event | null>(async (ids) => byId(await db.getRepository(Event).findBy({ id: In([...ids]) }), ids));
  const partnershipById = new DataLoader<string, Partnership | null>(async (ids) =>
    byId(await db.getRepository(Partnership).findBy({ id: In([...ids]) }), ids),
  );

  /** Organisations of events by role, joined in one statement, in their stored order. */
  const eventOrganisations = (role: EventOrganisationRole) =>
    new DataLoader<string, Organisation[]>(async (eventIds) => {
      const rows: Array<Organisation & { __eventId: string }> = [];
      const links = await db
        .getRepository(EventOrganisation)
        .createQueryBuilder('eo')
        .innerJoinAndMapOne('eo.organisation', Organisation, 'o', 'o.id = eo.organisation_id')
        .where('eo.event_id = ANY(:ids) AND eo.role = :role', { ids: [...eventIds], role })
        .orderBy('eo.event_id')
        .addOrderBy('eo.position')
        .getMany();
      for (const link of links as Array<EventOrganisation & { organisation: Organisation }>) {
        rows.push(Object.assign(link.organisation, { __eventId: link.eventId }));
      }
      return groupBy(rows, eventIds, (r) => r.__eventId);
    });

  /** Units of each organisation (its `parent_id` children), in id order. */
  const unitsOfOrganisation = new DataLoader<string, Organisation[]>(async (ids) =>
    groupBy(await db.getRepository(Organisation).find({ where: { parentId: In([...ids]) }, order: { id: 'ASC' } }), ids, (o) => o.parentId!),
  );

  const partnershipsOfProgramme = new DataLoader<string, Partnership[]>(async (ids) =>
    groupBy(await db.getRepository(Partnership).find({ where: { programmeId: In([...ids]) }, order: { id: 'ASC' } }), ids, (p) => p.programmeId!),
  );
  const partnershipsOfOrganisation = new DataLoader<string, Partnership[]>(async (ids) =>
    groupBy(await db.getRepository(Partnership).find({ where: { organisationId: In([...ids]) }, order: { id: 'ASC' } }), ids, (p) => p.organisationId),
  );

  /** Newest first, like the default events order; one window query for all programmes of the page. */
  const eventsOfProgramme = new DataLoader<EventsOfProgrammeKey, Event[], string>(
    async (keys) => {
      const limit = Math.max(...keys.map((k) => k.first));
      const ids = [...new Set(keys.map((k) => k.programmeId))];
      const rows = await db
        .getRepository(Event)
        .createQueryBuilder('e')
        .where(
          `e.id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY programme_id ORDER BY sort_start_desc DESC, id) AS n
                    FROM event WHERE programme_id = ANY(:ids)) ranked WHERE n <= :limit)`,
          { ids, limit },
        )
        .orderBy('e.sort_start_desc', 'DESC')
        .addOrderBy('e.id', 'ASC')
        .getMany();
      const grouped = groupBy(rows, ids, (e) => e.programmeId!);
      const byProgramme = new Map(ids.map((id, i) => [id, grouped[i]]));
      return keys.map((k) => byProgramme.get(k.programmeId)!.slice(0, k.first));
    },
    { cacheKeyFn: (k) => `${k.programmeId}|${k.first}` },
  );

  const personById = new DataLoader<string, Person | null>(async (ids) => byId(await db.getRepository(Person).findBy({ id: In([...ids]) }), ids));
  const rolesOfPerson = new DataLoader<string, PersonRole[]>(async (ids) =>
    groupBy(
      await db.getRepository(PersonRole).find({ where: { personId: In([...ids]) }, order: { personId: 'ASC', position: 'ASC' } }),
      ids,
      (r) => r.personId,
    ),
  );
  /** People with a role tied to each record of `column` (event, programme or organisation), in id order. */
  const peopleLinkedBy = (column: 'event_id' | 'programme_id' | 'organisation_id') =>
    new DataLoader<string, Person[]>(async (ids) => {
      const links: Array<{ linked: string; person_id: string }> = await db.query(
        `SELECT DISTINCT ${column} AS linked, person_id FROM person_role WHERE ${column} = ANY($1) ORDER BY person_id`,
        [[...ids]],
      );
      const people = new Map((await personById.loadMany([...new Set(links.map((l) => l.person_id))])).map((p) => [(p as Person).id, p as Person]));
      return groupBy(links, ids, (l) => l.linked).map((list) => list.map((l) => people.get(l.person_id)!).filter(Boolean));
    });

  return {
    personById,
    rolesOfPerson,
    peopleOfEvent: peopleLinkedBy('event_id'),
    peopleOfProgramme: peopleLinkedBy('programme_id'),
    peopleOfOrganisation: peopleLinkedBy('organisation_id'),
    organisationById,
    programmeById,
    eventById,
    partnershipById,
    organisersOfEvent: eventOrganisations('ORGANISER'),
    participantsOfEvent: eventOrganisations('PARTICIPANT'),
    supportersOfEvent: eventOrganisations('SUPPORTER'),
    unitsOfOrganisation,
    partnershipsOfProgramme,
    partnershipsOfOrganisation,
    eventsOfProgramme,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
