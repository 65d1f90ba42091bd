import { DatePrecision } from '../../../contract/enums.js';
import { foldForSearch, searchDocument, type LocalizedText } from '../../../contract/localized-text.js';
import { coveredRange } from '../entities/dated.js';
import type { Event } from '../entities/event.entity.js';
import type { Organisation } from '../entities/organisation.entity.js';
import type { Person, PersonRole } from '../entities/person.entity.js';
import type { Programme } from '../entities/programme.entity.js';

/*
 * `text` search matches a substring of a record's search_text: every localized field a reader would
 * search, in its original and every translation, plus the plain strings that name the record. The
 * field lists below are the single definition of "what text search covers"; the node's writes, the
 * seeders and the backfill migrations all go through them. Fields marked optional may be absent
 * from a row written before its column existed (activities, about, former names): it simply has
 * none. An event is also found by its organisers' and participants' names, which the event filter
 * reads from organisation.name_search_text (organisationNameSearchText) rather than copying them.
 */

type Text = LocalizedText | null | undefined;
type Texts = readonly LocalizedText[] | null | undefined;

/** Every wording of the given texts and the given plain strings, folded the way queries are. */
function searchOf(texts: Array<Text | Texts>, plain: Array<string | null | undefined> = []): string {
  const all: Text[] = texts.flatMap((t) => (Array.isArray(t) ? t : [t as Text]));
  // Folding is idempotent, so the already folded localized part can be folded again with the rest.
  return foldForSearch([searchDocument(...all), ...plain].filter(Boolean).join('\n'));
}

export interface EventSearchFields {
  title: LocalizedText;
  summary?: Text;
  outcomes?: Texts;
}

export interface ProgrammeSearchFields {
  code?: string | null;
  title: LocalizedText;
  summary?: Text;
  objectives?: Texts;
  activities?: Texts;
  contacts?: ReadonlyArray<{ name: string; role: Text }> | null;
}

export interface OrganisationSearchFields {
  name: LocalizedText;
  acronym?: string | null;
  about?: Texts;
  formerNames?: ReadonlyArray<{ name: LocalizedText }> | null;
}

export interface PersonSearchFields {
  name: LocalizedText;
  nameVariants?: Texts;
  roles?: ReadonlyArray<{ title: LocalizedText }> | null;
}

export function eventSearchText(e: EventSearchFields): string {
  return searchOf([e.title, e.summary, e.outcomes]);
}

export function programmeSearchText(p: ProgrammeSearchFields): string {
  const contacts = p.contacts ?? [];
  return searchOf(
    [p.title, p.summary, p.objectives, p.activities, contacts.map((c) => c.role).filter((r): r is LocalizedText => !!r)],
    [p.code, ...contacts.map((c) => c.name)],
  );
}

export function organisationSearchText(o: OrganisationSearchFields): string {
  return searchOf([o.name, o.about, (o.formerNames ?? []).map((f) => f.name)], [o.acronym]);
}

/** What an event's text search matches on its organisers and participants: their names, not what is said about them. */
export function organisationNameSearchText(o: Omit<OrganisationSearchFields, 'about'>): string {
  return searchOf([o.name, (o.formerNames ?? []).map((f) => f.name)], [o.acronym]);
}

/** For the Person entity: its name, every spelling of it and every role title. */
export function personSearchText(p: PersonSearchFields): string {
  return searchOf([p.name, p.nameVariants, (p.roles ?? []).map((r) => r.title)]);
}

/** Recomputes the columns derived from an event's content (search text, covered range). */
export function deriveEvent(event: Event): Event {
  event.searchText = eventSearchText(event);
  Object.assign(event, coveredRange(event.startDate, event.endDate, event.datePrecision ?? DatePrecision.DAY));
  return event;
}

export function deriveProgramme(programme: Programme): Programme {
  programme.searchText = programmeSearchText(programme);
  Object.assign(programme, coveredRange(programme.startDate, programme.endDate, programme.datePrecision ?? DatePrecision.DAY));
  return programme;
}

export function deriveOrganisation(organisation: Organisation): Organisation {
  organisation.searchText = organisationSearchText(organisation);
  organisation.nameSearchText = organisationNameSearchText(organisation);
  return organisation;
}

/** A person is found by name, any spelling of it, and the titles of their roles. */
export function derivePerson(person: Person, roles: Pick<PersonRole, 'title'>[]): Person {
  person.searchText = personSearchText({ name: person.name, nameVariants: person.nameVariants, roles });
  return person;
}

/** Millisecond precision, as stored (timestamptz(3)) and as cursors carry it. */
export function now(): Date {
  return new Date(Math.floor(Date.now()));
}
