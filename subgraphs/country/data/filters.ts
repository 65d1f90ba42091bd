import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../../../contract/errors.js';
import { foldForSearch } from '../../../contract/localized-text.js';
import type { Event } from '../entities/event.entity.js';
import type { Organisation } from '../entities/organisation.entity.js';
import type { Partnership } from '../entities/partnership.entity.js';
import type { Person } from '../entities/person.entity.js';
import type { Programme } from '../entities/programme.entity.js';
import type { EventFilter, OrganisationFilter, PartnershipFilter, PersonFilter, ProgrammeFilter } from '../inputs/filters.js';

/** A filter naming other countries only is answered without touching the database. */
export function excludesCountry(filter: { countries?: string[] | null } | null | undefined, country: string): boolean {
  return !!filter?.countries && !filter.countries.includes(country);
}

function likePattern(text: string): string {
  return `%${foldForSearch(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function nonEmpty<T>(list: T[] | null | undefined): list is T[] {
  return Array.isArray(list) && list.length > 0;
}

/** Overlap of the record's covered range with [from, to]; undated rows (no range_end) never match. */
function dateOverlap(qb: SelectQueryBuilder<ObjectLiteral>, alias: string, from?: string | null, to?: string | null): void {
  if (!from && !to) return;
  if (from && to && from > to) throw badInput(`filter.from (${from}) is after filter.to (${to})`, 'filter.from');
  qb.andWhere(`${alias}.range_end IS NOT NULL`);
  if (from) qb.andWhere(`${alias}.range_end >= :dateFrom`, { dateFrom: from });
  if (to) qb.andWhere(`COALESCE(${alias}.range_start, CAST('-infinity' AS date)) <= :dateTo`, { dateTo: to });
}

export function applyEventFilter(qb: SelectQueryBuilder<Event>, filter: EventFilter | null | undefined): SelectQueryBuilder<Event> {
  if (!filter) return qb;
  dateOverlap(qb, 'e', filter.from, filter.to);
  if (nonEmpty(filter.types)) qb.andWhere('e.type = ANY(:types)', { types: filter.types });
  if (nonEmpty(filter.themes)) qb.andWhere('e.themes && CAST(:themes AS text[])', { themes: filter.themes });
  if (filter.programmeId) qb.andWhere('e.programme_id = :programmeId', { programmeId: filter.programmeId });
  if (filter.organisationGlobalRef) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM event_organisation eo JOIN organisation o ON o.id = eo.organisation_id
               WHERE eo.event_id = e.id AND o.global_ref = :orgGlobalRef)`,
      { orgGlobalRef: filter.organisationGlobalRef },
    );
  }
  if (filter.text) {
    // Its own texts, or the names of its organisers and participants (not its supporters: the
    // issue asked for who organised and who took part; supporters are found by organisationGlobalRef).
    qb.andWhere(
      `(e.search_text LIKE :text ESCAPE '\\' OR EXISTS (SELECT 1 FROM event_organisation eo JOIN organisation o ON o.id = eo.organisation_id
         WHERE eo.event_id = e.id AND eo.role IN ('ORGANISER', 'PARTICIPANT') AND o.name_search_text LIKE :text ESCAPE '\\'))`,
      { text: likePattern(filter.text) },
    );
  }
  if (filter.updatedSince) qb.andWhere('e.updated_at >= :updatedSince', { updatedSince: filter.updatedSince });
  return qb;
}

export function applyProgrammeFilter(qb: SelectQueryBuilder<Programme>, filter: ProgrammeFilter | null | undefined): SelectQueryBuilder<Programme> {
  if (!filter) return qb;
  if (nonEmpty(filter.recipientCountries)) {
    qb.andWhere('p.recipient_countries && CAST(:recipients AS text[])', { recipients: filter.recipientCountries });
  }
  if (filter.activeOn) {
    qb.andWhere(`p.range_end >= :activeOn AND COALESCE(p.range_start, CAST('-infinity' AS date)) <= :activeOn`, { activeOn: filter.activeOn });
  }
  if (nonEmpty(filter.status)) qb.andWhere('p.status = ANY(:statuses)', { statuses: filter.status });
  if (nonEmpty(filter.themes)) qb.andWhere('p.themes && CAST(:themes AS text[])', { themes: filter.themes });
  if (nonEmpty(filter.objectiveThemes)) {
    qb.andWhere(`EXISTS (SELECT 1 FROM jsonb_array_elements(p.objectives) ob WHERE ob->'themes' ?| CAST(:objectiveThemes AS text[]))`, {
      objectiveThemes: filter.objectiveThemes,
    });
  }
  if (filter.code) qb.andWhere('p.code = :code', { code: filter.code });
  if (filter.text) qb.andWhere("p.search_text LIKE :text ESCAPE '\\'", { text: likePattern(filter.text) });
  if (filter.updatedSince) qb.andWhere('p.updated_at >= :updatedSince', { updatedSince: filter.updatedSince });
  return qb;
}

export function applyPartnershipFilter(qb: SelectQueryBuilder<Partnership>, filter: PartnershipFilter | null | undefined): SelectQueryBuilder<Partnership> {
  if (!filter) return qb;
  if (nonEmpty(filter.roles)) qb.andWhere('ps.role = ANY(:roles)', { roles: filter.roles });
  if (nonEmpty(filter.constituentGroups) || filter.organisationGlobalRef) {
    const conditions: string[] = [];
    if (nonEmpty(filter.constituentGroups)) conditions.push('o.constituent_group = ANY(:groups)');
    if (filter.organisationGlobalRef) conditions.push('o.global_ref = :orgGlobalRef');
    qb.andWhere(`EXISTS (SELECT 1 FROM organisation o WHERE o.id = ps.organisation_id AND ${conditions.join(' AND ')})`, {
      groups: filter.constituentGroups,
      orgGlobalRef: filter.organisationGlobalRef,
    });
  }
  if (filter.programmeId) qb.andWhere('ps.programme_id = :programmeId', { programmeId: filter.programmeId });
  if (filter.updatedSince) qb.andWhere('ps.updated_at >= :updatedSince', { updatedSince: filter.updatedSince });
  return qb;
}

export function applyOrganisationFilter(qb: SelectQueryBuilder<Organisation>, filter: OrganisationFilter | null | undefined): SelectQueryBuilder<Organisation> {
  if (!filter) return qb;
  if (nonEmpty(filter.constituentGroups)) qb.andWhere('o.constituent_group = ANY(:groups)', { groups: filter.constituentGroups });
  if (nonEmpty(filter.types)) qb.andWhere('o.type = ANY(:types)', { types: filter.types });
  if (filter.globalRef) qb.andWhere('o.global_ref = :globalRef', { globalRef: filter.globalRef });
  if (filter.text) qb.andWhere("o.search_text LIKE :text ESCAPE '\\'", { text: likePattern(filter.text) });
  if (filter.updatedSince) qb.andWhere('o.updated_at >= :updatedSince', { updatedSince: filter.updatedSince });
  return qb;
}

export function applyPersonFilter(qb: SelectQueryBuilder<Person>, filter: PersonFilter | null | undefined): SelectQueryBuilder<Person> {
  if (!filter) return qb;
  if (filter.globalRef) qb.andWhere('pe.global_ref = :globalRef', { globalRef: filter.globalRef });
  const roleLinks: Array<[string, string | null | undefined]> = [
    ['organisation_id', filter.organisationId],
    ['event_id', filter.eventId],
    ['programme_id', filter.programmeId],
  ];
  for (const [column, id] of roleLinks) {
    if (id) qb.andWhere(`EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = pe.id AND r.${column} = :${column})`, { [column]: id });
  }
  if (filter.text) qb.andWhere("pe.search_text LIKE :text ESCAPE '\\'", { text: likePattern(filter.text) });
  if (filter.updatedSince) qb.andWhere('pe.updated_at >= :updatedSince', { updatedSince: filter.updatedSince });
  return qb;
}
