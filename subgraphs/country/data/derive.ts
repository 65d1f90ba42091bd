import { DatePrecision } from '../../../shared/enums.js';
import { searchDocument, type LocalizedText } from '../../../shared/localized-text.js';
import { coveredRange } from '../entities/dated.js';
import type { Event } from '../entities/event.entity.js';
import type { Organisation } from '../entities/organisation.entity.js';
import type { Person, PersonRole } from '../entities/person.entity.js';
import type { Programme } from '../entities/programme.entity.js';

/** Recomputes the columns derived from an event's content (search text, covered range). */
export function deriveEvent(event: Event): Event {
  event.searchText = searchDocument(event.title, event.summary);
  Object.assign(event, coveredRange(event.startDate, event.endDate, event.datePrecision ?? DatePrecision.DAY));
  return event;
}

export function deriveProgramme(programme: Programme): Programme {
  programme.searchText = searchDocument(programme.title, programme.summary);
  Object.assign(programme, coveredRange(programme.startDate, programme.endDate, programme.datePrecision ?? DatePrecision.DAY));
  return programme;
}

export function deriveOrganisation(organisation: Organisation): Organisation {
  const acronym: LocalizedText | null = organisation.acronym
    ? { original: organisation.acronym, originalLang: 'und', translations: [] }
    : null;
  organisation.searchText = searchDocument(organisation.name, acronym);
  return organisation;
}

/** A person is found by name, any spelling of it, and the titles of their roles. */
export function derivePerson(person: Person, roles: Pick<PersonRole, 'title'>[]): Person {
  person.searchText = searchDocument(person.name, ...person.nameVariants, ...roles.map((r) => r.title));
  return person;
}

/** Millisecond precision, as stored (timestamptz(3)) and as cursors carry it. */
export function now(): Date {
  return new Date(Math.floor(Date.now()));
}
